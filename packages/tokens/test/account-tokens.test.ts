import { generateFernetKey, InvalidTokenError, TokenVault } from "@adsconnect/vault";
import { describe, expect, it } from "vitest";
import {
  decryptAccessToken,
  decryptRefreshToken,
  encryptTokenSet,
  MissingRefreshTokenError,
  tokenContext,
} from "../src/account-tokens";

const vault = TokenVault.fromEncryptionKeys(generateFernetKey());
const accountId = "0190c3d2-0000-7000-8000-000000000001";
const expiresAt = new Date("2030-01-01T00:00:00Z");

describe("account tokens", () => {
  it("names the context after the row and the column", () => {
    expect(tokenContext(accountId, "refresh_token")).toBe(
      `amazon_account:${accountId}:refresh_token`,
    );
    expect(tokenContext(accountId, "access_token")).toBe(
      `amazon_account:${accountId}:access_token`,
    );
  });

  it("round-trips both tokens bound to their own column", () => {
    const columns = encryptTokenSet(vault, accountId, {
      accessToken: "Atza|a",
      refreshToken: "Atzr|r",
      expiresAt,
    });
    expect(columns.accessTokenExpiresAt).toEqual(expiresAt);
    expect(decryptRefreshToken(vault, accountId, columns.refreshTokenCiphertext)).toBe("Atzr|r");
    expect(decryptAccessToken(vault, accountId, columns.accessTokenCiphertext)).toBe("Atza|a");
    expect(() => decryptAccessToken(vault, accountId, columns.refreshTokenCiphertext)).toThrow(
      InvalidTokenError,
    );
    expect(() =>
      decryptRefreshToken(
        vault,
        "0190c3d2-0000-7000-8000-000000000002",
        columns.refreshTokenCiphertext,
      ),
    ).toThrow(InvalidTokenError);
  });

  it("keeps the stored refresh ciphertext when Amazon sends no refresh token", () => {
    const stored = vault.encryptFor(tokenContext(accountId, "refresh_token"), "Atzr|old");
    const columns = encryptTokenSet(
      vault,
      accountId,
      { accessToken: "Atza|b", refreshToken: null, expiresAt },
      stored,
    );
    expect(columns.refreshTokenCiphertext).toBe(stored);
  });

  it("refuses to drop the grant when there is no refresh token at all", () => {
    expect(() =>
      encryptTokenSet(vault, accountId, { accessToken: "Atza|c", refreshToken: null, expiresAt }),
    ).toThrow(MissingRefreshTokenError);
  });
});
