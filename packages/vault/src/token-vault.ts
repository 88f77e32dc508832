import {
  decodeUtf8,
  frameBoundPayload,
  isBoundPayload,
  looksLikeBoundPayload,
  openBoundPayload,
} from "./bound-payload";
import { parseEncryptionKeys } from "./encryption-keys";
import { InvalidKeyError, InvalidTokenError } from "./errors";
import { encryptToken, findSigningKeyIndex, openToken, type OpenedToken } from "./fernet";
import { type FernetKey } from "./fernet-key";

export interface TokenVaultOptions {
  /** The clock, in milliseconds since the Unix epoch, for token timestamps and TTL checks. Default: Date.now. */
  clock?: () => number;
}

export interface VaultDecryptOptions {
  /**
   * Reject tokens older than this many seconds and, as pyca does whenever a
   * TTL is set, tokens stamped more than 60 s in the future. Default:
   * undefined, no age limit: a stored OAuth token is valid until Amazon says
   * otherwise, however long ago it was sealed.
   */
  ttlSeconds?: number;
}

export interface DecryptForOptions extends VaultDecryptOptions {
  /**
   * Also accept a legacy value: a plain Fernet token of the secret with no
   * context, as the Python service stored them. Default: false, because an
   * unbound token copied into another row would then open there too. Turn it
   * on only while old rows remain, and re-save what comes back with
   * `encryptFor` to bind it.
   */
  allowLegacy?: boolean;
}

/**
 * The product's secret store: a ring of Fernet keys, newest first. Encrypts
 * with the newest, decrypts with any, and re-encrypts old values on `rotate`,
 * so a key can be retired once `needsRotation` is false for every stored
 * value. Every decryption failure throws InvalidTokenError.
 */
export class TokenVault {
  readonly #keys: readonly FernetKey[];
  readonly #clock: () => number;

  /** `keys` newest first; at least one. */
  constructor(keys: readonly FernetKey[], options: TokenVaultOptions = {}) {
    if (keys.length === 0) throw new InvalidKeyError("A TokenVault needs at least one key");
    this.#keys = [...keys];
    this.#clock = options.clock ?? Date.now;
  }

  /** Builds the vault from the ENCRYPTION_KEYS setting (comma-separated Fernet keys, newest first). */
  static fromEncryptionKeys(
    value: string | undefined,
    options: TokenVaultOptions = {},
  ): TokenVault {
    return new TokenVault(parseEncryptionKeys(value), options);
  }

  /** Non-secret ids of the keys, newest first (see `FernetKey.id`). */
  get keyIds(): readonly string[] {
    return this.#keys.map((key) => key.id);
  }

  /** Seals a secret bound to `context` (e.g. "amazon_account:<uuid>:refresh_token"). */
  encryptFor(context: string, secret: string): string {
    return this.#seal(frameBoundPayload(context, secret));
  }

  /** Opens a value sealed by `encryptFor` with the same `context`; anything else throws InvalidTokenError. */
  decryptFor(context: string, token: string, options: DecryptForOptions = {}): string {
    const { plaintext } = this.#open(token, options);
    if (!isBoundPayload(plaintext) && options.allowLegacy === true) return decodeUtf8(plaintext);
    return openBoundPayload(context, plaintext);
  }

  /**
   * Seals a secret with no context: a plain Fernet token of its UTF-8 bytes,
   * which Python's `Fernet(key).decrypt` opens as is. Prefer `encryptFor`
   * for anything stored in a row.
   */
  encrypt(secret: string): string {
    // Such a secret would read back as a frame; no real secret starts with NUL.
    if (looksLikeBoundPayload(secret))
      throw new RangeError("secret must not start with the bytes 0x00 0x01");
    return this.#seal(Buffer.from(secret, "utf8"));
  }

  /**
   * Opens a plain Fernet token (from `encrypt`, or made by Python). Refuses a
   * value sealed with `encryptFor`, so the unbound path cannot skip the
   * context check.
   */
  decrypt(token: string, options: VaultDecryptOptions = {}): string {
    const { plaintext } = this.#open(token, options);
    if (isBoundPayload(plaintext)) throw new InvalidTokenError();
    return decodeUtf8(plaintext);
  }

  /**
   * Re-encrypts a value under the newest key, keeping its payload (and so its
   * context binding) and its timestamp, as pyca's `MultiFernet.rotate` does.
   */
  rotate(token: string): string {
    const { plaintext, timestampSeconds } = this.#open(token, {});
    return encryptToken(this.#newestKey(), plaintext, { timestampSeconds });
  }

  /**
   * Which key a value needs: 0 is the newest. Checks the HMAC only, without
   * decrypting; throws InvalidTokenError when no key in the ring made it.
   */
  keyIndexFor(token: string): number {
    return findSigningKeyIndex(this.#keys, token);
  }

  /** The id of the key a value needs (see `keyIds`), for logs and rotation reports. */
  keyIdFor(token: string): string {
    const key = this.#keys[this.keyIndexFor(token)];
    if (key === undefined) throw new InvalidTokenError();
    return key.id;
  }

  /** True when a value was made with an older key and `rotate` should re-save it. */
  needsRotation(token: string): boolean {
    return this.keyIndexFor(token) !== 0;
  }

  /** Pretty-printing a vault shows key ids, never key material. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `TokenVault(keys: ${this.keyIds.join(", ")})`;
  }

  #seal(payload: Buffer): string {
    return encryptToken(this.#newestKey(), payload, {
      timestampSeconds: Math.floor(this.#clock() / 1000),
    });
  }

  #open(token: string, { ttlSeconds }: VaultDecryptOptions): OpenedToken {
    const nowSeconds = ttlSeconds === undefined ? undefined : Math.floor(this.#clock() / 1000);
    return openToken(this.#keys, token, { ttlSeconds, nowSeconds });
  }

  #newestKey(): FernetKey {
    // The constructor guarantees one key; the check satisfies noUncheckedIndexedAccess.
    const newest = this.#keys[0];
    if (newest === undefined) throw new InvalidKeyError("A TokenVault needs at least one key");
    return newest;
  }
}
