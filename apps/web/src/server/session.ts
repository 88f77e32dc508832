import "server-only";

import { sessionFromClaims, type SessionIdentity } from "@adsconnect/auth";
import { auth } from "@clerk/nextjs/server";
import { headers } from "next/headers";

import { logger } from "@/server/logger";
import { sealedByProxy } from "@/server/proxy-seal";

/**
 * The signed-in person, as verified by Clerk's middleware (in both sign-in modes), or null.
 * Only for a request the proxy handled (its seal, src/server/proxy-seal.ts): otherwise the
 * `x-clerk-auth-*` headers `auth()` would read are the sender's own, and nobody is signed in.
 */
export async function getSession(): Promise<SessionIdentity | null> {
  if (!sealedByProxy(await headers())) {
    logger.warn("a request reached the app without passing the proxy: treated as signed out");
    return null;
  }
  const { userId, sessionClaims } = await auth();
  return sessionFromClaims(userId, sessionClaims as Record<string, unknown> | null);
}
