import { createHash, randomBytes, randomInt } from "node:crypto";

/**
 * What every key starts with. Deliberately not `ak_`, `mt_` or `oat_`: Clerk's
 * middleware sends bearers with those prefixes to Clerk's servers on every
 * request (see shared/CLERK.md, "Machine tokens").
 */
export const API_KEY_PREFIX = "adc_";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const ID_LENGTH = 8;
/** 32 random bytes: 256 bits of entropy, 43 characters of base64url. */
const SECRET_BYTES = 32;
const SECRET_LENGTH = 43;

/**
 * `adc_<8 letters/digits>_<43 base64url characters>`. The secret may itself hold
 * `_` or `-` (base64url), so the id is matched by its fixed length, not split on `_`.
 */
const API_KEY_PATTERN = new RegExp(
  `^(${API_KEY_PREFIX}[A-Za-z0-9]{${ID_LENGTH}})_[A-Za-z0-9_-]{${SECRET_LENGTH}}$`,
);

export interface GeneratedApiKey {
  /** The full secret, shown to its owner once and never stored. */
  key: string;
  /** The readable, non-secret part, e.g. `adc_AbCd1234`: stored, unique, shown in lists. */
  prefix: string;
  /** sha256 of the full key, hex: the only form of the secret that is stored. */
  keyHash: string;
}

/** A new random key with its stored prefix and hash. */
export function generateApiKey(): GeneratedApiKey {
  let id = "";
  for (let i = 0; i < ID_LENGTH; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  const prefix = `${API_KEY_PREFIX}${id}`;
  const key = `${prefix}_${randomBytes(SECRET_BYTES).toString("base64url")}`;
  return { key, prefix, keyHash: hashApiKey(key) };
}

/** The key's prefix when `raw` has the shape of one of our keys, else null. */
export function parseApiKey(raw: string): { prefix: string } | null {
  const match = API_KEY_PATTERN.exec(raw);
  return match?.[1] ? { prefix: match[1] } : null;
}

/**
 * sha256, hex. A fast hash is the right tool here, unlike for passwords: a key
 * carries 256 random bits, so there is no dictionary to try and brute force
 * is out of reach at any hashing speed; a slow KDF (bcrypt, scrypt, argon2)
 * would only add latency to every internal call. Being deterministic (no salt)
 * also lets the hash be looked up through a unique index.
 */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}
