import { inspect } from "node:util";

import { describe, expect, it } from "vitest";

import {
  FernetKey,
  InvalidKeyError,
  TokenVault,
  generateFernetKey,
  parseEncryptionKeys,
} from "../src/index";

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidKeyError);
    return (error as Error).message;
  }
  throw new Error("expected an InvalidKeyError");
}

describe("ENCRYPTION_KEYS parsing", () => {
  const good = generateFernetKey();
  const older = generateFernetKey();

  it("generates keys in Python's Fernet.generate_key() shape", () => {
    expect(good).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(Buffer.from(good, "base64url")).toHaveLength(32);
    expect(generateFernetKey()).not.toBe(good);
  });

  it("reads comma-separated keys newest first, ignoring spaces around entries", () => {
    const keys = parseEncryptionKeys(` ${good} , ${older}\n`);
    expect(keys.map((key) => key.id)).toEqual([
      FernetKey.parse(good).id,
      FernetKey.parse(older).id,
    ]);
  });

  it("gives each key a short non-secret id: 8 hex digits of its SHA-256", () => {
    const { id } = FernetKey.parse(good);
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(good).not.toContain(id);
  });

  it.each([
    ["a truncated key", (key: string) => key.slice(0, 40)],
    [
      "a key with a character outside base64",
      (key: string) => `${key.slice(0, 10)}!${key.slice(11)}`,
    ],
    ["a key of 48 bytes", () => Buffer.alloc(48, 7).toString("base64url")],
    ["a key with its padding stripped", (key: string) => key.slice(0, -1)],
    ["a quoted key", (key: string) => `"${key}"`],
  ])("names the entry and the expected shape for %s, without echoing it", (_kind, spoil) => {
    const bad = spoil(older);
    const message = messageOf(() => parseEncryptionKeys(`${good},${bad}`));
    expect(message).toBe(
      "ENCRYPTION_KEYS entry 2 is not a Fernet key: expected url-safe base64 of 32 bytes (44 characters ending in '=')",
    );
    expect(message).not.toContain(bad);
    expect(message).not.toContain(good);
    expect(message).not.toContain(bad.slice(2, 12));
  });

  it("explains how to set an empty ENCRYPTION_KEYS", () => {
    for (const value of [undefined, "", "  "]) {
      expect(messageOf(() => TokenVault.fromEncryptionKeys(value))).toMatch(
        /^ENCRYPTION_KEYS is empty: set ENCRYPTION_KEYS to one or more Fernet keys/,
      );
    }
  });

  it("points at a stray comma", () => {
    const message = messageOf(() => parseEncryptionKeys(`${good},,${older}`));
    expect(message).toMatch(/^ENCRYPTION_KEYS entry 2 is empty/);
    expect(messageOf(() => parseEncryptionKeys(`${good},`))).toMatch(
      /^ENCRYPTION_KEYS entry 2 is empty/,
    );
  });

  it("refuses the same key twice, naming both entries by position and id only", () => {
    const message = messageOf(() => parseEncryptionKeys(`${good},${older},${good}`));
    expect(message).toBe(
      `ENCRYPTION_KEYS entries 1 and 3 are the same key (id ${FernetKey.parse(good).id}): remove the duplicate`,
    );
    expect(message).not.toContain(good);
  });

  it("shows key ids, never key material, when a vault or key is printed", () => {
    const vault = TokenVault.fromEncryptionKeys(`${good},${older}`);
    const printed = inspect(vault) + inspect(FernetKey.parse(good)) + JSON.stringify(vault);
    expect(printed).toContain(vault.keyIds[0]);
    expect(printed).not.toContain(good);
    expect(printed).not.toContain(older);
  });
});
