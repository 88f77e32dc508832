import { createHash, createPublicKey, generateKeyPairSync } from "node:crypto";

/**
 * An RSA-2048 key pair (e = 65537) as PEM: the only shape Clerk's `jwtKey`
 * accepts (SPKI public key, RS256 tokens). See ../shared/CLERK.md.
 */
export function generateLocalAuthKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicExponent: 65537,
  });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

/** Environment variables often carry PEMs with literal `\n`; Clerk rejects those, so normalise. */
export function normalisePem(pem: string): string {
  return pem.includes("\\n") ? pem.replaceAll("\\n", "\n") : pem;
}

export function publicKeyPemFor(privateKeyPem: string): string {
  return createPublicKey(normalisePem(privateKeyPem))
    .export({ type: "spki", format: "pem" })
    .toString();
}

/** A stable, non-secret-revealing value derived from a key, for secrets that must agree across processes. */
export function deriveSecret(privateKeyPem: string, purpose: string): string {
  return createHash("sha256")
    .update(purpose)
    .update("\0")
    .update(normalisePem(privateKeyPem))
    .digest("base64url");
}
