import { createHash, randomUUID } from "node:crypto";

import { importPKCS8, SignJWT } from "jose";

import { deriveSecret, normalisePem, publicKeyPemFor } from "./keys";

/**
 * The local sign-in's issuer host. `.invalid` can never resolve (RFC 2606), so
 * nothing Clerk's code might try to fetch for it can leave the machine.
 */
export const LOCAL_ISSUER_HOST = "clerk.adsconnect.invalid";

/** Session tokens live a week and are re-minted by the proxy in their last day. */
export const LOCAL_SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;
export const LOCAL_SESSION_RENEW_WITHIN_SECONDS = 24 * 60 * 60;
/**
 * However often its tokens are re-minted, a local session (a row the web app keeps, which
 * sign-out revokes) ends this long after sign-in: then the person signs in again.
 */
export const LOCAL_SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export interface LocalIdentity {
  userId: string;
  email: string;
  name: string | null;
  /**
   * When the person signed in (seconds, the token's `auth_time`): a renewed session keeps its
   * sign-in's, so a session from before the person's data was erased stays refused however
   * often it is renewed. Default: the new token's `iat` (a fresh sign-in).
   */
  authTime?: number;
}

export interface LocalIssuer {
  /** A `pk_live_` key naming the unresolvable issuer host (live keys need no dev-browser cookie). */
  publishableKey: string;
  /** Clerk's middleware-to-`auth()` HMAC key, derived from the private key so every process agrees. */
  secretKey: string;
  /** The public half, passed to `clerkMiddleware` as `jwtKey`. */
  jwtKey: string;
  issuer: string;
  /**
   * A session token for `identity`. `sessionId` (the `sid` claim) names the server-side
   * session the token belongs to; a new random one when omitted.
   */
  mintSessionToken(
    identity: LocalIdentity,
    options?: { ttlSeconds?: number; now?: Date; sessionId?: string },
  ): Promise<string>;
}

/** A fresh, unguessable local session id (the tokens' `sid`). */
export function newLocalSessionId(): string {
  return `sess_local_${randomUUID().replaceAll("-", "")}${randomUUID().replaceAll("-", "")}`;
}

/** The host of Clerk's Frontend API a publishable key names (the inverse of publishableKeyForHost). */
export function frontendApiHostOf(publishableKey: string): string | null {
  const encoded = /^pk_(?:test|live)_(.+)$/.exec(publishableKey)?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const host = decoded.endsWith("$") ? decoded.slice(0, -1) : "";
  return /^[a-z0-9.-]+(?::\d+)?$/i.test(host) ? host : null;
}

/** The same email always signs in as the same local user. */
export function localUserIdForEmail(email: string): string {
  const digest = createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
  return `user_local_${digest.slice(0, 24)}`;
}

export function publishableKeyForHost(host: string, kind: "live" | "test" = "live"): string {
  return `pk_${kind}_${Buffer.from(`${host}$`).toString("base64").replace(/=+$/, "")}`;
}

/**
 * A stand-in for Clerk's Frontend API that mints Clerk-shaped session tokens
 * (RS256; sub, sid, iss, azp, iat, nbf, exp, v: 2, sts: "active", and auth_time), so Clerk's
 * own `clerkMiddleware` verifies them and every server path is Clerk's code.
 */
export function createLocalIssuer({
  privateKeyPem,
  appUrl,
}: {
  privateKeyPem: string;
  appUrl: string;
}): LocalIssuer {
  const pem = normalisePem(privateKeyPem);
  const issuer = `https://${LOCAL_ISSUER_HOST}`;
  const keyPromise = importPKCS8(pem, "RS256");
  return {
    publishableKey: publishableKeyForHost(LOCAL_ISSUER_HOST),
    secretKey: `sk_local_${deriveSecret(pem, "clerk-secret-key")}`,
    jwtKey: publicKeyPemFor(pem),
    issuer,
    async mintSessionToken(
      identity,
      {
        ttlSeconds = LOCAL_SESSION_TTL_SECONDS,
        now = new Date(),
        sessionId = newLocalSessionId(),
      } = {},
    ) {
      const iat = Math.floor(now.getTime() / 1000);
      return new SignJWT({
        sid: sessionId,
        azp: new URL(appUrl).origin,
        v: 2,
        sts: "active",
        email: identity.email,
        name: identity.name,
        auth_time: identity.authTime ?? iat,
      })
        .setProtectedHeader({ alg: "RS256", typ: "JWT" })
        .setSubject(identity.userId)
        .setIssuer(issuer)
        .setIssuedAt(iat)
        .setNotBefore(iat - 5)
        .setExpirationTime(iat + ttlSeconds)
        .sign(await keyPromise);
    },
  };
}
