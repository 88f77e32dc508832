import { describe, expect, it } from "vitest";

import { InvalidTokenError } from "../src/index";
import { vaultFrom, vaultWithKeys } from "./support/vaults";

const ACCOUNT_A = "amazon_account:6f1c2f0e-7a8b-4c1d-9e2f-0a1b2c3d4e5f:refresh_token";
const ACCOUNT_B = "amazon_account:0b7e9d34-1c2a-4f5e-8d6c-9a8b7c6d5e4f:refresh_token";
const SECRET = "Atzr|IwEBIJ-example-refresh-token";

describe("TokenVault row binding", () => {
  it("opens a bound value with the context it was sealed for", () => {
    const { vault } = vaultWithKeys(1);
    expect(vault.decryptFor(ACCOUNT_A, vault.encryptFor(ACCOUNT_A, SECRET))).toBe(SECRET);
  });

  it("refuses a ciphertext copied into another row", () => {
    const { vault } = vaultWithKeys(1);
    const copied = vault.encryptFor(ACCOUNT_A, SECRET);
    expect(() => vault.decryptFor(ACCOUNT_B, copied)).toThrow(InvalidTokenError);
    expect(() =>
      vault.decryptFor(ACCOUNT_A.replace("refresh_token", "access_token"), copied),
    ).toThrow(InvalidTokenError);
  });

  it("refuses a context that is only a prefix or an extension of the sealed one", () => {
    const { vault } = vaultWithKeys(1);
    const token = vault.encryptFor(ACCOUNT_A, SECRET);
    expect(() => vault.decryptFor(ACCOUNT_A.slice(0, -1), token)).toThrow(InvalidTokenError);
    expect(() => vault.decryptFor(`${ACCOUNT_A}x`, token)).toThrow(InvalidTokenError);
  });

  it("keeps the binding through rotation", () => {
    const { keyTexts } = vaultWithKeys(2);
    const [newKey = "", oldKey = ""] = keyTexts;
    const token = vaultFrom([oldKey]).encryptFor(ACCOUNT_A, SECRET);
    const rotated = vaultFrom([newKey, oldKey]).rotate(token);
    expect(vaultFrom([newKey]).decryptFor(ACCOUNT_A, rotated)).toBe(SECRET);
    expect(() => vaultFrom([newKey]).decryptFor(ACCOUNT_B, rotated)).toThrow(InvalidTokenError);
  });

  it("refuses to open a bound value through the unbound decrypt", () => {
    const { vault } = vaultWithKeys(1);
    expect(() => vault.decrypt(vault.encryptFor(ACCOUNT_A, SECRET))).toThrow(InvalidTokenError);
  });

  it("opens a legacy unbound value only when allowLegacy is set", () => {
    const { vault } = vaultWithKeys(1);
    const legacy = vault.encrypt(SECRET);
    expect(() => vault.decryptFor(ACCOUNT_A, legacy)).toThrow(InvalidTokenError);
    expect(vault.decryptFor(ACCOUNT_A, legacy, { allowLegacy: true })).toBe(SECRET);
  });

  it("still checks the context of a bound value when allowLegacy is set", () => {
    const { vault } = vaultWithKeys(1);
    const bound = vault.encryptFor(ACCOUNT_A, SECRET);
    expect(() => vault.decryptFor(ACCOUNT_B, bound, { allowLegacy: true })).toThrow(
      InvalidTokenError,
    );
  });

  it("treats an empty or oversized context as a programming error", () => {
    const { vault } = vaultWithKeys(1);
    expect(() => vault.encryptFor("", SECRET)).toThrow(RangeError);
    expect(() => vault.encryptFor("x".repeat(65_536), SECRET)).toThrow(RangeError);
    expect(vault.decryptFor("x".repeat(65_535), vault.encryptFor("x".repeat(65_535), SECRET))).toBe(
      SECRET,
    );
  });

  it("binds an empty secret and non-ASCII contexts too", () => {
    const { vault } = vaultWithKeys(1);
    expect(vault.decryptFor("конто:1", vault.encryptFor("конто:1", ""))).toBe("");
    expect(() => vault.decryptFor("конто:2", vault.encryptFor("конто:1", ""))).toThrow(
      InvalidTokenError,
    );
  });
});
