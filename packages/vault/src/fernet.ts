/**
 * The Fernet spec (github.com/fernet/spec) on node:crypto alone:
 *
 *   token = base64url( 0x80 ‖ timestamp (u64 BE, seconds) ‖ IV (16) ‖ AES-128-CBC/PKCS7 ciphertext ‖ HMAC-SHA256 (32) )
 *
 * with the HMAC taken over everything before it. Decryption checks the shape,
 * then the HMAC (constant-time), then the clock, and only then decrypts, so
 * no unauthenticated byte ever reaches the cipher. Every failure is the same
 * InvalidTokenError. Behaviour follows pyca/cryptography's `Fernet`, so
 * tokens move freely between this code and Python.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomFillSync,
  timingSafeEqual,
} from "node:crypto";

import { decodeBase64Url, encodeBase64Url } from "./base64url";
import { InvalidTokenError } from "./errors";
import { type FernetKey } from "./fernet-key";

export { FernetKey, generateFernetKey } from "./fernet-key";
export { InvalidTokenError } from "./errors";

const VERSION = 0x80;
const IV_OFFSET = 9;
const CIPHERTEXT_OFFSET = 25;
const IV_BYTES = 16;
const BLOCK_BYTES = 16;
const MAC_BYTES = 32;
/** Header, one cipher block (PKCS7 always adds at least one byte) and the MAC. */
const MIN_TOKEN_BYTES = CIPHERTEXT_OFFSET + BLOCK_BYTES + MAC_BYTES;
const TWO_POW_32 = 2 ** 32;

/** pyca's allowance for a token stamped ahead of the verifier's clock. */
export const MAX_CLOCK_SKEW_SECONDS = 60;

export interface EncryptOptions {
  /**
   * Creation time written into the token, Unix seconds. Default: the current
   * time. Set for the spec's vectors and by key rotation, which keeps it.
   */
  timestampSeconds?: number;
  /**
   * Test-only: a fixed 16-byte IV, for the spec's generate vector. Default:
   * 16 fresh random bytes. Never set it elsewhere: an IV reused under one key
   * shows which plaintexts share a prefix.
   */
  iv?: Uint8Array;
}

export interface DecryptOptions {
  /**
   * Maximum token age in seconds. When set, a token older than this, or
   * stamped more than 60 s after `nowSeconds`, is rejected (pyca's two
   * rules). Default: undefined, no age limit and, as in pyca, no clock check.
   */
  ttlSeconds?: number;
  /** The verifier's clock, Unix seconds, for the TTL check. Default: the current time. */
  nowSeconds?: number;
}

export interface OpenedToken {
  plaintext: Buffer;
  /** Index in `keys` of the key that opened the token. */
  keyIndex: number;
  /** Creation time stamped in the token, Unix seconds. */
  timestampSeconds: number;
}

function currentUnixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Encrypts `plaintext` into a Fernet token (padded url-safe base64). */
export function encryptToken(
  key: FernetKey,
  plaintext: Uint8Array,
  options: EncryptOptions = {},
): string {
  const timestamp = options.timestampSeconds ?? currentUnixSeconds();
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError("timestampSeconds must be a non-negative integer");
  }
  const iv = options.iv ?? nextRandomIv();
  if (iv.length !== IV_BYTES) throw new RangeError("iv must be 16 bytes");

  const cipher = createCipheriv("aes-128-cbc", key.encryptionKey, iv);
  const body = cipher.update(plaintext);
  const lastBlock = cipher.final();
  const macOffset = CIPHERTEXT_OFFSET + body.length + lastBlock.length;

  // One buffer for the whole token: no concatenation on the hot path.
  const token = Buffer.allocUnsafe(macOffset + MAC_BYTES);
  token[0] = VERSION;
  token.writeUInt32BE(Math.floor(timestamp / TWO_POW_32), 1);
  token.writeUInt32BE(timestamp % TWO_POW_32, 5);
  token.set(iv, IV_OFFSET);
  token.set(body, CIPHERTEXT_OFFSET);
  token.set(lastBlock, CIPHERTEXT_OFFSET + body.length);
  sign(key, token.subarray(0, macOffset)).copy(token, macOffset);
  return encodeBase64Url(token);
}

/** Decrypts a token made with `key`; throws InvalidTokenError on any failure. */
export function decryptToken(key: FernetKey, token: string, options: DecryptOptions = {}): Buffer {
  return openToken([key], token, options).plaintext;
}

/**
 * Decrypts a token with whichever of `keys` signed it, trying them in order,
 * and says which one that was. Throws InvalidTokenError on any failure.
 */
export function openToken(
  keys: readonly FernetKey[],
  token: string,
  options: DecryptOptions = {},
): OpenedToken {
  const data = decodeTokenBytes(token);
  const keyIndex = signingKeyIndex(keys, data);
  const key = keys[keyIndex];
  if (key === undefined) throw new InvalidTokenError();

  const timestampSeconds = data.readUInt32BE(1) * TWO_POW_32 + data.readUInt32BE(5);
  if (options.ttlSeconds !== undefined) {
    const now = options.nowSeconds ?? currentUnixSeconds();
    if (timestampSeconds + options.ttlSeconds < now) throw new InvalidTokenError();
    if (now + MAX_CLOCK_SKEW_SECONDS < timestampSeconds) throw new InvalidTokenError();
  }

  const decipher = createDecipheriv(
    "aes-128-cbc",
    key.encryptionKey,
    data.subarray(IV_OFFSET, CIPHERTEXT_OFFSET),
  );
  const ciphertext = data.subarray(CIPHERTEXT_OFFSET, data.length - MAC_BYTES);
  let plaintext: Buffer;
  try {
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    // OpenSSL's "bad decrypt": the PKCS7 padding is wrong (the spec's
    // padding and wrong-IV vectors, which carry a valid MAC).
    throw new InvalidTokenError();
  }
  return { plaintext, keyIndex, timestampSeconds };
}

/**
 * The index of the key in `keys` whose HMAC matches the token, without
 * decrypting it; throws InvalidTokenError when none does. Lets an operator
 * see which key a stored value still needs.
 */
export function findSigningKeyIndex(keys: readonly FernetKey[], token: string): number {
  const index = signingKeyIndex(keys, decodeTokenBytes(token));
  if (index < 0) throw new InvalidTokenError();
  return index;
}

/** Base64, version and length checks: the shape of a token before any key is used. */
function decodeTokenBytes(token: string): Buffer {
  if (typeof token !== "string") throw new InvalidTokenError();
  const data = decodeBase64Url(token);
  const ciphertextBytes = data.length - CIPHERTEXT_OFFSET - MAC_BYTES;
  if (data.length < MIN_TOKEN_BYTES || ciphertextBytes % BLOCK_BYTES !== 0 || data[0] !== VERSION) {
    throw new InvalidTokenError();
  }
  return data;
}

function signingKeyIndex(keys: readonly FernetKey[], data: Buffer): number {
  const macOffset = data.length - MAC_BYTES;
  const signed = data.subarray(0, macOffset);
  const mac = data.subarray(macOffset);
  return keys.findIndex((key) => timingSafeEqual(sign(key, signed), mac));
}

/**
 * A call into OpenSSL's RNG costs about 2 µs whatever its size, over a tenth
 * of an encrypt + decrypt, so IVs are drawn from a pool refilled 256 at a time.
 * IVs are public (every token carries its own), so pooling them exposes
 * nothing. The view returned is only valid until the next call: encryptToken
 * copies it at once.
 */
const ivPool = Buffer.allocUnsafe(IV_BYTES * 256);
let ivPoolOffset = ivPool.length;

function nextRandomIv(): Buffer {
  if (ivPoolOffset === ivPool.length) {
    randomFillSync(ivPool);
    ivPoolOffset = 0;
  }
  const iv = ivPool.subarray(ivPoolOffset, ivPoolOffset + IV_BYTES);
  ivPoolOffset += IV_BYTES;
  return iv;
}

function sign(key: FernetKey, bytes: Uint8Array): Buffer {
  return createHmac("sha256", key.signingKey).update(bytes).digest();
}
