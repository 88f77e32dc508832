import { createHash, randomBytes } from "node:crypto";

/** How long a person has to finish consent at Amazon. */
export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

/** 32 random bytes, url-safe: the `state` that ties Amazon's redirect to the person who started it. */
export function generateOAuthState(): string {
  return randomBytes(32).toString("base64url");
}

/** Only this hash is stored, so a database reader cannot complete someone's pending connection. */
export function hashOAuthState(state: string): string {
  return createHash("sha256").update(state).digest("hex");
}

export function codeVerifierContext(stateHash: string): string {
  return `oauth_state:${stateHash}:code_verifier`;
}
