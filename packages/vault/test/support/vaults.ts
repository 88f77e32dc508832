import { FernetKey, TokenVault, generateFernetKey, type TokenVaultOptions } from "../../src/index";

/** A vault over fresh keys, newest first, plus the key texts for building other rings. */
export function vaultWithKeys(count: number, options: TokenVaultOptions = {}) {
  const keyTexts = Array.from({ length: count }, () => generateFernetKey());
  return {
    keyTexts,
    vault: new TokenVault(
      keyTexts.map((text) => FernetKey.parse(text)),
      options,
    ),
  };
}

export function vaultFrom(
  keyTexts: readonly string[],
  options: TokenVaultOptions = {},
): TokenVault {
  return TokenVault.fromEncryptionKeys(keyTexts.join(","), options);
}

/** Decodes a token, lets `change` alter the raw bytes, and re-encodes it (padded url-safe base64). */
export function tamper(token: string, change: (bytes: Buffer) => void): string {
  const bytes = Buffer.from(token, "base64url");
  change(bytes);
  const pad = ["", "==", "="][bytes.length % 3] ?? "";
  return bytes.toString("base64url") + pad;
}
