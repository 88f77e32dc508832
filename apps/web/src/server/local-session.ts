import {
  LOCAL_SESSION_RENEW_WITHIN_SECONDS,
  LOCAL_SESSION_TTL_SECONDS,
  type LocalIdentity,
  type LocalIssuer,
} from "@adsconnect/auth";
import { decodeJwt, importSPKI, jwtVerify } from "jose";

/** Clerk's own cookie names: its middleware reads the session from them. */
export const SESSION_COOKIE = "__session";
export const CLIENT_UAT_COOKIE = "__client_uat";

interface CookieJar {
  set(name: string, value: string, options: Record<string, unknown>): unknown;
  delete(name: string): unknown;
}

function cookieOptions(secure: boolean, maxAge: number) {
  return { path: "/", sameSite: "lax" as const, httpOnly: true, secure, maxAge };
}

/** Signs a person in locally: a fresh session token in Clerk's cookies. */
export async function setLocalSession(
  cookies: CookieJar,
  issuer: LocalIssuer,
  identity: LocalIdentity,
  secure: boolean,
) {
  const token = await issuer.mintSessionToken(identity);
  const { iat } = decodeJwt(token);
  cookies.set(SESSION_COOKIE, token, cookieOptions(secure, LOCAL_SESSION_TTL_SECONDS));
  // Clerk compares this with the token's iat; httpOnly does not matter to it.
  cookies.set(CLIENT_UAT_COOKIE, String(iat), {
    ...cookieOptions(secure, LOCAL_SESSION_TTL_SECONDS),
    httpOnly: false,
  });
  return token;
}

export function clearLocalSession(cookies: CookieJar) {
  cookies.delete(SESSION_COOKIE);
  cookies.delete(CLIENT_UAT_COOKIE);
}

export type SessionCheck =
  | { kind: "none" }
  | { kind: "fresh" }
  | { kind: "expired" }
  | { kind: "renew"; identity: LocalIdentity };

/**
 * What the proxy must do with a local session cookie before Clerk sees it:
 * Clerk sends an expired cookie on a page load to its hosted handshake (which
 * cannot be reached offline), so expired sessions are cleared here and
 * sessions in their last day are re-minted.
 */
export async function checkLocalSession(
  token: string | undefined,
  issuer: LocalIssuer,
  now = Date.now(),
): Promise<SessionCheck> {
  if (!token) return { kind: "none" };
  let exp: number | undefined;
  try {
    exp = decodeJwt(token).exp;
  } catch {
    return { kind: "expired" };
  }
  const secondsLeft = (exp ?? 0) - Math.floor(now / 1000);
  if (secondsLeft <= 5) return { kind: "expired" };
  if (secondsLeft > LOCAL_SESSION_RENEW_WITHIN_SECONDS) return { kind: "fresh" };
  try {
    const { payload } = await jwtVerify(token, await importSPKI(issuer.jwtKey, "RS256"), {
      issuer: issuer.issuer,
    });
    if (!payload.sub) return { kind: "expired" };
    return {
      kind: "renew",
      identity: {
        userId: payload.sub,
        email: typeof payload.email === "string" ? payload.email : "",
        name: typeof payload.name === "string" ? payload.name : null,
        // The renewed token keeps the sign-in's time (sessions from before an erasure stay refused).
        authTime: typeof payload.auth_time === "number" ? payload.auth_time : payload.iat,
      },
    };
  } catch {
    return { kind: "expired" };
  }
}
