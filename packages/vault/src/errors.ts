import { AdsConnectError } from "@adsconnect/errors";

/**
 * The one error every failed decryption throws, whatever went wrong: bad
 * base64, wrong length, unknown version, wrong key, tampering, bad padding,
 * an expired or far-future timestamp, or a ciphertext moved to another row.
 *
 * Telling those cases apart would help an attacker probe tokens and would
 * not help a caller (it can only give up), so the message is fixed and never
 * carries key, token or plaintext material. Kind `internal`: stored data we
 * cannot read is for an operator, not the caller.
 */
export class InvalidTokenError extends AdsConnectError {
  override readonly name = "InvalidTokenError";

  constructor() {
    super(
      "internal",
      "Invalid encrypted token: it is corrupt, was made with another key, has expired, or belongs to another record",
    );
  }
}

/**
 * A configured key is unusable (bad ENCRYPTION_KEYS, a malformed key string).
 * This is an operator's mistake at startup, not a token failure, so it says
 * exactly what to fix, but still never echoes the key itself. Kind `internal`.
 */
export class InvalidKeyError extends AdsConnectError {
  override readonly name = "InvalidKeyError";

  constructor(message: string) {
    super("internal", message);
  }
}
