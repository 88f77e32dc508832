import { type TokenVault } from "@adsconnect/vault";

/** Which of an account's two token columns a ciphertext belongs to. */
export type AccountTokenKind = "refresh_token" | "access_token";

/**
 * The vault context that binds a ciphertext to one account row and one
 * column, so a value copied into another row or column fails to decrypt.
 */
export function tokenContext(accountId: string, kind: AccountTokenKind): string {
  return `amazon_account:${accountId}:${kind}`;
}

/**
 * The part of Login with Amazon's answer that is stored. Structurally the
 * `TokenSet` of `@adsconnect/amazon`, so this module does not depend on it.
 */
export interface StorableTokenSet {
  accessToken: string;
  /** null when Amazon's answer carried none: the stored one is kept. */
  refreshToken: string | null;
  expiresAt: Date;
}

/** The token columns of an `AmazonAccount` row, ready to write. */
export interface EncryptedTokenColumns {
  refreshTokenCiphertext: string;
  accessTokenCiphertext: string;
  accessTokenExpiresAt: Date;
}

/**
 * Encrypts a token set for one account's row. When Amazon sent no refresh
 * token, `previousRefreshCiphertext` (the stored value) is kept as is; with
 * neither, there is nothing to keep the grant alive with, so it throws.
 */
export function encryptTokenSet(
  vault: TokenVault,
  accountId: string,
  tokenSet: StorableTokenSet,
  previousRefreshCiphertext?: string | null,
): EncryptedTokenColumns {
  let refreshTokenCiphertext: string;
  if (tokenSet.refreshToken !== null) {
    refreshTokenCiphertext = vault.encryptFor(
      tokenContext(accountId, "refresh_token"),
      tokenSet.refreshToken,
    );
  } else if (previousRefreshCiphertext != null) {
    refreshTokenCiphertext = previousRefreshCiphertext;
  } else {
    throw new MissingRefreshTokenError(accountId);
  }
  return {
    refreshTokenCiphertext,
    accessTokenCiphertext: vault.encryptFor(
      tokenContext(accountId, "access_token"),
      tokenSet.accessToken,
    ),
    accessTokenExpiresAt: tokenSet.expiresAt,
  };
}

/** Opens an account's stored refresh token; InvalidTokenError from the vault when it is not this row's. */
export function decryptRefreshToken(
  vault: TokenVault,
  accountId: string,
  ciphertext: string,
): string {
  return vault.decryptFor(tokenContext(accountId, "refresh_token"), ciphertext);
}

/** Opens an account's stored access token; InvalidTokenError from the vault when it is not this row's. */
export function decryptAccessToken(
  vault: TokenVault,
  accountId: string,
  ciphertext: string,
): string {
  return vault.decryptFor(tokenContext(accountId, "access_token"), ciphertext);
}

/** Amazon sent no refresh token and the account had none stored. */
export class MissingRefreshTokenError extends Error {
  override readonly name = "MissingRefreshTokenError";
  constructor(readonly accountId: string) {
    super(
      `Account ${accountId} has no refresh token to keep: Amazon sent none and none was stored`,
    );
  }
}
