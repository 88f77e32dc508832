import { describe, expect, it } from "vitest";

import { InvalidTokenError, generateFernetKey } from "../src/index";
import { tamper, vaultFrom, vaultWithKeys } from "./support/vaults";

const REFRESH_TOKEN = "Atzr|IwEBIJ-example-refresh-token";

describe("TokenVault key ring", () => {
  it("round-trips a secret with the newest key", () => {
    const { vault } = vaultWithKeys(2);
    const token = vault.encrypt(REFRESH_TOKEN);
    expect(vault.decrypt(token)).toBe(REFRESH_TOKEN);
    expect(vault.keyIndexFor(token)).toBe(0);
    expect(vault.needsRotation(token)).toBe(false);
  });

  it("writes a standard padded Fernet token with a fresh IV each time", () => {
    const { vault } = vaultWithKeys(1);
    const first = vault.encrypt(REFRESH_TOKEN);
    const second = vault.encrypt(REFRESH_TOKEN);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^gAAAAA[A-Za-z0-9_-]+={0,2}$/);
    expect(first.length % 4).toBe(0);
  });

  it("decrypts with an older key and reports that the value needs rotation", () => {
    const [newKey, oldKey] = [generateFernetKey(), generateFernetKey()];
    const oldToken = vaultFrom([oldKey]).encrypt(REFRESH_TOKEN);
    const ring = vaultFrom([newKey, oldKey]);

    expect(ring.decrypt(oldToken)).toBe(REFRESH_TOKEN);
    expect(ring.keyIndexFor(oldToken)).toBe(1);
    expect(ring.keyIdFor(oldToken)).toBe(ring.keyIds[1]);
    expect(ring.needsRotation(oldToken)).toBe(true);
  });

  it("rotates a value to the newest key, keeping its payload and timestamp, so the old key can go", () => {
    const [newKey, oldKey] = [generateFernetKey(), generateFernetKey()];
    const oldToken = vaultFrom([oldKey], { clock: () => 1_700_000_000_000 }).encrypt(REFRESH_TOKEN);
    const rotated = vaultFrom([newKey, oldKey]).rotate(oldToken);

    expect(vaultFrom([newKey, oldKey]).needsRotation(rotated)).toBe(false);
    expect(vaultFrom([newKey]).decrypt(rotated)).toBe(REFRESH_TOKEN);
    expect(rotated.slice(0, 12)).toBe(oldToken.slice(0, 12)); // version and timestamp bytes
    expect(() => vaultFrom([oldKey]).decrypt(rotated)).toThrow(InvalidTokenError);
  });

  it("rejects a value made with a key that is not in the ring", () => {
    const token = vaultWithKeys(1).vault.encrypt(REFRESH_TOKEN);
    const { vault: other } = vaultWithKeys(2);
    expect(() => other.decrypt(token)).toThrow(InvalidTokenError);
    expect(() => other.keyIndexFor(token)).toThrow(InvalidTokenError);
    expect(() => other.needsRotation(token)).toThrow(InvalidTokenError);
    expect(() => other.rotate(token)).toThrow(InvalidTokenError);
  });

  it.each([
    ["version byte", 0],
    ["timestamp", 5],
    ["IV", 12],
    ["ciphertext", 30],
    ["last ciphertext block", -33],
    ["HMAC", -1],
  ])("rejects a token whose %s was changed", (_part, offset) => {
    const { vault } = vaultWithKeys(1);
    const token = vault.encrypt(REFRESH_TOKEN);
    const tampered = tamper(token, (bytes) => {
      const index = offset < 0 ? bytes.length + offset : offset;
      bytes[index] = (bytes[index] ?? 0) ^ 0x01;
    });
    expect(() => vault.decrypt(tampered)).toThrow(InvalidTokenError);
  });

  it("rejects truncated, extended, empty, unpadded and non-base64 tokens with the same error", () => {
    const { vault } = vaultWithKeys(1);
    const token = vault.encrypt("hello"); // 73 bytes: its base64 ends in "=="
    expect(token.endsWith("==")).toBe(true);
    const malformed = {
      empty: "",
      truncated: token.slice(0, -4),
      extended: `${token}AAAA`,
      unpadded: token.slice(0, -2),
      "with a character outside base64url": `${token.slice(0, 20)}!${token.slice(21)}`,
      "with a pad inside": `${token.slice(0, 20)}=${token.slice(21)}`,
      "with three pads": `${token.slice(0, -4)}A===`,
      "with whitespace": ` ${token}`,
    };
    for (const [kind, candidate] of Object.entries(malformed)) {
      expect(() => vault.decrypt(candidate), kind).toThrow(InvalidTokenError);
    }
    expect(() => vault.decrypt(null as unknown as string)).toThrow(InvalidTokenError);
  });

  it("accepts the standard-base64 spelling of a token, as pyca's decoder does", () => {
    const { vault } = vaultWithKeys(1);
    const token = vault.encrypt(REFRESH_TOKEN);
    const standard = token.replace(/-/g, "+").replace(/_/g, "/");
    expect(vault.decrypt(standard)).toBe(REFRESH_TOKEN);
  });

  it("applies a TTL with the injected clock, allowing 60 s of clock skew as pyca does", () => {
    let now = 1_700_000_000_000;
    const { vault } = vaultWithKeys(1, { clock: () => now });
    const token = vault.encrypt(REFRESH_TOKEN);

    now += 60_000;
    expect(vault.decrypt(token, { ttlSeconds: 60 })).toBe(REFRESH_TOKEN);
    now += 1_000;
    expect(() => vault.decrypt(token, { ttlSeconds: 60 })).toThrow(InvalidTokenError);
    expect(vault.decrypt(token)).toBe(REFRESH_TOKEN); // no TTL: no age limit

    now = 1_700_000_000_000 - 60_000;
    expect(vault.decrypt(token, { ttlSeconds: 60 })).toBe(REFRESH_TOKEN);
    now -= 1_000;
    expect(() => vault.decrypt(token, { ttlSeconds: 60 })).toThrow(InvalidTokenError);
  });

  it("keeps non-ASCII secrets intact", () => {
    const { vault } = vaultWithKeys(1);
    const secret = "pässwörd-🔑-秘密";
    expect(vault.decrypt(vault.encrypt(secret))).toBe(secret);
  });
});
