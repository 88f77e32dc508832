import { createHash, createSecretKey, randomBytes, type KeyObject } from "node:crypto";

import { decodeBase64Url, encodeBase64Url } from "./base64url";
import { InvalidKeyError } from "./errors";

const KEY_BYTES = 32;
const HALF = KEY_BYTES / 2;

/** What a well-formed key looks like, for error messages. */
export const FERNET_KEY_SHAPE =
  "expected url-safe base64 of 32 bytes (44 characters ending in '=')";

/**
 * A parsed Fernet key: 32 bytes, the first 16 sign (HMAC-SHA256), the last 16
 * encrypt (AES-128-CBC). Both halves are held as KeyObjects: imported into
 * OpenSSL once, and they never print or serialise their bytes.
 */
export class FernetKey {
  /** HMAC-SHA256 key: the first half. */
  readonly signingKey: KeyObject;
  /** AES-128 key: the second half. */
  readonly encryptionKey: KeyObject;
  /**
   * A short, non-secret name for the key: the first 8 hex digits of the
   * SHA-256 of its 32 bytes. Safe to log, so an operator can see which key
   * stored values still need.
   */
  readonly id: string;

  private constructor(bytes: Buffer) {
    this.signingKey = createSecretKey(bytes.subarray(0, HALF));
    this.encryptionKey = createSecretKey(bytes.subarray(HALF));
    this.id = createHash("sha256").update(bytes).digest("hex").slice(0, 8);
  }

  /**
   * Parses a key as Fernet writes it: url-safe base64 (with padding) of 32
   * bytes. Throws InvalidKeyError with a message that never contains the key.
   */
  static parse(text: string): FernetKey {
    const bytes = decodeKeyBytes(text);
    if (bytes?.length !== KEY_BYTES) {
      throw new InvalidKeyError(`Not a Fernet key: ${FERNET_KEY_SHAPE}`);
    }
    return new FernetKey(bytes);
  }

  /** Custom inspection so `console.log(key)` shows the id and never key bytes. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `FernetKey(${this.id})`;
  }
}

function decodeKeyBytes(text: string): Buffer | undefined {
  try {
    return decodeBase64Url(text);
  } catch {
    return undefined;
  }
}

/**
 * A new random Fernet key as text (url-safe base64 of 32 random bytes), the
 * same shape as Python's `Fernet.generate_key()`; put it first in
 * ENCRYPTION_KEYS to make it the newest.
 */
export function generateFernetKey(): string {
  return encodeBase64Url(randomBytes(KEY_BYTES));
}
