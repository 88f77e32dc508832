import { InvalidTokenError } from "./errors";

const PADDING = ["", "==", "="] as const;
const PAD = 0x3d; // "="

export function encodeBase64Url(bytes: Buffer): string {
  return bytes.toString("base64url") + PADDING[bytes.length % 3];
}

/**
 * Decodes url-safe base64 (RFC 4648 §5) with `=` padding, as Fernet and pyca's
 * `urlsafe_b64encode` write it, and rejects what pyca's decoder rejects: a
 * length that is not a multiple of 4, a missing or excess pad, and characters
 * outside the alphabet. Like pyca it also takes `+` and `/` (the same bytes,
 * under the same HMAC).
 *
 * Node's decoder is lenient: it skips characters outside the alphabet and
 * stops at the first `=`. Either way it then yields fewer bytes than the
 * length promises (n symbols carry at most 6n/8 bytes), so one length check
 * after decoding catches them all, without scanning the text twice.
 */
export function decodeBase64Url(text: string): Buffer {
  const length = text.length;
  if (length % 4 !== 0) throw new InvalidTokenError();
  const pads =
    (text.charCodeAt(length - 1) === PAD ? 1 : 0) + (text.charCodeAt(length - 2) === PAD ? 1 : 0);
  const bytes = Buffer.from(text, "base64url");
  if (bytes.length !== (length / 4) * 3 - pads) throw new InvalidTokenError();
  return bytes;
}
