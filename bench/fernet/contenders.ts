import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

import { TokenVault, generateFernetKey } from "@adsconnect/vault";
import npmFernet from "fernet";

import { type Contender } from "./measure";

const CONTEXT = "amazon_account:6f1c2f0e-7a8b-4c1d-9e2f-0a1b2c3d4e5f:refresh_token";

export function vaultContender(key: string, payload: string): Contender {
  const vault = TokenVault.fromEncryptionKeys(key);
  return {
    name: "@adsconnect/vault encrypt+decrypt",
    roundTrip: () => vault.decrypt(vault.encrypt(payload)),
  };
}

export function boundVaultContender(key: string, payload: string): Contender {
  const vault = TokenVault.fromEncryptionKeys(key);
  return {
    name: "@adsconnect/vault encryptFor+decryptFor",
    roundTrip: () => vault.decryptFor(CONTEXT, vault.encryptFor(CONTEXT, payload)),
  };
}

export function npmFernetContender(key: string, payload: string): Contender {
  const secret = new npmFernet.Secret(key);
  return {
    name: "npm fernet 0.4.0",
    roundTrip: () => {
      const token = new npmFernet.Token({ secret, ttl: 0 }).encode(payload);
      return new npmFernet.Token({ secret, token, ttl: 0 }).decode();
    },
  };
}

/** The floor: AES-128-CBC alone, no HMAC, no framing, no base64. */
export function rawAesContender(payload: string): Contender {
  const key = randomBytes(16);
  const plaintext = Buffer.from(payload, "utf8");
  return {
    name: "raw node:crypto AES-128-CBC",
    roundTrip: () => {
      const iv = randomBytes(16);
      const cipher = createCipheriv("aes-128-cbc", key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      const decipher = createDecipheriv("aes-128-cbc", key, iv);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
    },
  };
}

export function allContenders(payload: string): Contender[] {
  const key = generateFernetKey();
  return [
    vaultContender(key, payload),
    boundVaultContender(key, payload),
    npmFernetContender(key, payload),
    rawAesContender(payload),
  ];
}
