import { createHash, randomBytes } from "node:crypto";

/**
 * A PKCE pair for the S256 method (RFC 7636). The verifier stays with us (stored with the state)
 * and goes to the token endpoint; only its hash travels through the browser, so a code caught on
 * its way back is useless to anyone else. 32 random bytes give the 43-character verifier the RFC
 * recommends.
 */
export function createPkcePair(): { codeVerifier: string; codeChallenge: string } {
  const codeVerifier = randomBytes(32).toString("base64url");
  return { codeVerifier, codeChallenge: pkceChallenge(codeVerifier) };
}

/** The S256 challenge of a verifier: BASE64URL(SHA256(verifier)), no padding. */
export function pkceChallenge(codeVerifier: string): string {
  return createHash("sha256").update(codeVerifier, "ascii").digest("base64url");
}
