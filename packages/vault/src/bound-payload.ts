/**
 * Binds a secret to the record it belongs to. A value sealed with
 * `TokenVault.encryptFor` is still a standard Fernet token; only its
 * plaintext is framed, so that the context sits inside the HMAC with the
 * secret:
 *
 *   offset 0      1 byte    0x00  marker: a legacy value (plain Fernet of an
 *                                 OAuth token string) is text and never
 *                                 starts with NUL
 *   offset 1      1 byte    0x01  framing version
 *   offset 2      2 bytes   N, the context's length in UTF-8 bytes (u16 BE)
 *   offset 4      N bytes   the context, UTF-8, e.g.
 *                           "amazon_account:<uuid>:refresh_token"
 *   offset 4 + N  the rest  the secret, UTF-8
 *
 * A ciphertext copied into another row still carries its original context,
 * which no longer matches, so it fails like any other bad token. Python can
 * open these with `cryptography.fernet` and slice the frame by hand.
 */
import { InvalidTokenError } from "./errors";

const MARKER = 0x00;
const FRAMING_VERSION = 0x01;
const HEADER_BYTES = 4;
const MAX_CONTEXT_BYTES = 0xffff;

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** True when a decrypted payload is a frame, not a legacy plain secret. */
export function isBoundPayload(payload: Uint8Array): boolean {
  return payload[0] === MARKER && payload[1] === FRAMING_VERSION;
}

/** True when a plain secret would be mistaken for a frame once decrypted. */
export function looksLikeBoundPayload(secret: string): boolean {
  return secret.charCodeAt(0) === MARKER && secret.charCodeAt(1) === FRAMING_VERSION;
}

export function frameBoundPayload(context: string, secret: string): Buffer {
  const contextBytes = contextToBytes(context);
  const secretBytes = Buffer.byteLength(secret, "utf8");
  const frame = Buffer.allocUnsafe(HEADER_BYTES + contextBytes + secretBytes);
  frame[0] = MARKER;
  frame[1] = FRAMING_VERSION;
  frame.writeUInt16BE(contextBytes, 2);
  frame.write(context, HEADER_BYTES, "utf8");
  frame.write(secret, HEADER_BYTES + contextBytes, "utf8");
  return frame;
}

/**
 * Returns the secret of a frame made for exactly `context`; throws
 * InvalidTokenError for a frame made for another context or a broken frame.
 */
export function openBoundPayload(context: string, payload: Buffer): string {
  contextToBytes(context);
  const expected = Buffer.from(context, "utf8");
  if (!isBoundPayload(payload) || payload.length < HEADER_BYTES) throw new InvalidTokenError();
  const contextEnd = HEADER_BYTES + payload.readUInt16BE(2);
  if (contextEnd > payload.length || !expected.equals(payload.subarray(HEADER_BYTES, contextEnd))) {
    throw new InvalidTokenError();
  }
  return decodeUtf8(payload.subarray(contextEnd));
}

/** Decodes authenticated bytes as text; bytes that are not UTF-8 fail like a bad token. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new InvalidTokenError();
  }
}

/** A context is a programmer's constant plus ids, so a bad one is a bug: RangeError. */
function contextToBytes(context: string): number {
  const length = typeof context === "string" ? Buffer.byteLength(context, "utf8") : 0;
  if (length === 0 || length > MAX_CONTEXT_BYTES) {
    throw new RangeError("context must be a non-empty string of at most 65535 UTF-8 bytes");
  }
  return length;
}
