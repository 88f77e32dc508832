import "server-only";

import { sessionFromClaims, type SessionIdentity } from "@adsconnect/auth";
import { auth } from "@clerk/nextjs/server";

/** The signed-in person, as verified by Clerk's middleware (in both sign-in modes), or null. */
export async function getSession(): Promise<SessionIdentity | null> {
  const { userId, sessionClaims } = await auth();
  return sessionFromClaims(userId, sessionClaims as Record<string, unknown> | null);
}
