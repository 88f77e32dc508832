import {
  LOCAL_SESSION_MAX_AGE_SECONDS,
  LOCAL_SESSION_RENEW_WITHIN_SECONDS,
  LOCAL_SESSION_TTL_SECONDS,
  newLocalSessionId,
  type LocalIdentity,
  type LocalIssuer,
} from "@adsconnect/auth";
import type { Db } from "@adsconnect/db/client";
import { compactVerify, decodeJwt, importSPKI, jwtVerify } from "jose";

/** Clerk's own cookie names: its middleware reads the session from them. */
export const SESSION_COOKIE = "__session";
export const CLIENT_UAT_COOKIE = "__client_uat";
/**
 * The cookie the workspace switcher sets (httpOnly, a workspace id), read under local sign-in
 * only (src/server/session.ts). Here so that ending a session clears it with the rest.
 */
export const WORKSPACE_COOKIE = "adsconnect_workspace";

interface CookieJar {
  set(name: string, value: string, options: Record<string, unknown>): unknown;
  delete(name: string): unknown;
}

/**
 * A local session as the server keeps it (table `local_sessions`): every token minted for it
 * carries its id as `sid`, and none outlives `expiresAt`, however often it is renewed.
 */
export interface LocalSessionRecord {
  id: string;
  expiresAt: Date;
}

function cookieOptions(secure: boolean, maxAge: number) {
  return { path: "/", sameSite: "lax" as const, httpOnly: true, secure, maxAge };
}

/**
 * Starts a server-side session for `identity` (sign-in). Sessions past their lifetime are
 * deleted on the way: nothing else needs them.
 */
export async function startLocalSession(
  db: Db,
  identity: LocalIdentity,
  now = new Date(),
): Promise<LocalSessionRecord> {
  await db.localSession.deleteMany({ where: { expiresAt: { lt: now } } });
  const session = {
    id: newLocalSessionId(),
    expiresAt: new Date(now.getTime() + LOCAL_SESSION_MAX_AGE_SECONDS * 1000),
  };
  await db.localSession.create({ data: { ...session, userId: identity.userId } });
  return session;
}

const keys = new Map<string, Promise<CryptoKey>>();
function publicKeyOf(issuer: LocalIssuer) {
  let key = keys.get(issuer.jwtKey);
  if (!key) keys.set(issuer.jwtKey, (key = importSPKI(issuer.jwtKey, "RS256")));
  return key;
}

/**
 * Ends the session a session cookie belongs to (sign-out): its row is deleted, so every token
 * minted for it — the browser's, a copy taken earlier — is refused from now on. A token that is
 * not the local issuer's ends nothing.
 */
export async function endLocalSession(db: Db, token: string | undefined, issuer: LocalIssuer) {
  if (!token) return;
  try {
    await compactVerify(token, await publicKeyOf(issuer));
  } catch {
    return;
  }
  const { sid } = decodeJwt(token);
  if (typeof sid === "string") await db.localSession.deleteMany({ where: { id: sid } });
}

/** Signs a person in locally: a fresh token for `session` in Clerk's cookies. */
export async function setLocalSession(
  cookies: CookieJar,
  issuer: LocalIssuer,
  identity: LocalIdentity,
  secure: boolean,
  session: LocalSessionRecord,
  now = new Date(),
) {
  const ttlSeconds = Math.min(
    LOCAL_SESSION_TTL_SECONDS,
    Math.floor((session.expiresAt.getTime() - now.getTime()) / 1000),
  );
  const token = await issuer.mintSessionToken(identity, { ttlSeconds, now, sessionId: session.id });
  const { iat } = decodeJwt(token);
  cookies.set(SESSION_COOKIE, token, cookieOptions(secure, ttlSeconds));
  // Clerk compares this with the token's iat; httpOnly does not matter to it.
  cookies.set(CLIENT_UAT_COOKIE, String(iat), {
    ...cookieOptions(secure, ttlSeconds),
    httpOnly: false,
  });
  return token;
}

/**
 * Signs the browser out locally. The picked workspace goes too: whoever signs in next on this
 * browser starts in their own personal workspace, not in one the last person picked.
 */
export function clearLocalSession(cookies: CookieJar) {
  cookies.delete(SESSION_COOKIE);
  cookies.delete(CLIENT_UAT_COOKIE);
  cookies.delete(WORKSPACE_COOKIE);
}

export type SessionCheck =
  | { kind: "none" }
  | { kind: "fresh" }
  | { kind: "ended" }
  | { kind: "renew"; identity: LocalIdentity; session: LocalSessionRecord };

/**
 * What the proxy must do with a local session cookie before Clerk sees it. A token that is not
 * the local issuer's, has expired, or belongs to a session the server no longer has (signed
 * out, or past its lifetime) has "ended": the proxy clears it (Clerk would send an expired
 * cookie on a page load to its hosted handshake, which cannot be reached offline). A token in
 * its last day is re-minted for the same session, never past the session's end.
 */
export async function checkLocalSession(
  token: string | undefined,
  issuer: LocalIssuer,
  /** The database, asked for only when there is a token to check. */
  db: () => Db,
  now = Date.now(),
): Promise<SessionCheck> {
  if (!token) return { kind: "none" };
  let payload;
  try {
    ({ payload } = await jwtVerify(token, await publicKeyOf(issuer), {
      issuer: issuer.issuer,
      currentDate: new Date(now),
    }));
  } catch {
    return { kind: "ended" };
  }
  const secondsLeft = (payload.exp ?? 0) - Math.floor(now / 1000);
  if (secondsLeft <= 5 || !payload.sub || typeof payload.sid !== "string") return { kind: "ended" };
  const session = await db().localSession.findUnique({
    where: { id: payload.sid },
    select: { id: true, userId: true, expiresAt: true },
  });
  if (!session || session.userId !== payload.sub || session.expiresAt.getTime() <= now) {
    return { kind: "ended" };
  }
  const renewalGains = session.expiresAt.getTime() / 1000 - (payload.exp ?? 0);
  if (secondsLeft > LOCAL_SESSION_RENEW_WITHIN_SECONDS || renewalGains < 60) {
    return { kind: "fresh" };
  }
  return {
    kind: "renew",
    identity: {
      userId: payload.sub,
      email: typeof payload.email === "string" ? payload.email : "",
      name: typeof payload.name === "string" ? payload.name : null,
      // The renewed token keeps the sign-in's time (sessions from before an erasure stay refused).
      authTime: typeof payload.auth_time === "number" ? payload.auth_time : payload.iat,
    },
    session: { id: session.id, expiresAt: session.expiresAt },
  };
}
