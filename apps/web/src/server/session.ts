import "server-only";

import { erasedSince } from "@adsconnect/accounts";
import { sessionFromClaims, type SessionIdentity } from "@adsconnect/auth";
import { auth } from "@clerk/nextjs/server";
import { cookies, headers } from "next/headers";
import { z } from "zod";

import { logger } from "@/server/logger";
import { getAuthSettings } from "@/server/auth-settings";
import { sealedByProxy } from "@/server/proxy-seal";
import { getServices } from "@/server/services";

/**
 * The signed-in person, as verified by Clerk's middleware (in both sign-in modes), or null.
 * Only for a request the proxy handled (its seal, src/server/proxy-seal.ts): otherwise the
 * `x-clerk-auth-*` headers `auth()` would read are the sender's own, and nobody is signed in.
 * A session that began before its person's data was erased (Clerk's `user.deleted` webhook,
 * or "Delete my data") is no session either: every page and procedure sees a signed-out
 * visitor, and signing in again starts afresh.
 */
export async function getSession(): Promise<SessionIdentity | null> {
  if (!sealedByProxy(await headers())) {
    logger.warn("a request reached the app without passing the proxy: treated as signed out");
    return null;
  }
  const { userId, sessionClaims } = await auth();
  const session = sessionFromClaims(userId, sessionClaims as Record<string, unknown> | null);
  if (session && (await erasedSince(getServices().db, session.userId, session.issuedAt))) {
    return null;
  }
  return session;
}

/** The cookie the workspace switcher sets (httpOnly, a workspace id): read under local sign-in only. */
export const WORKSPACE_COOKIE = "adsconnect_workspace";

const workspaceIdSchema = z.uuid();

/**
 * What the dashboard's context is built from: the session (with its active Clerk Organization,
 * which selects the workspace under Clerk) and, under local sign-in only, the workspace picked
 * in the switcher (WORKSPACE_COOKIE; anything not a uuid is ignored). Clerk mode never reads the
 * cookie. Membership is checked when the workspace is resolved, not here.
 */
export async function getDashboardIdentity(): Promise<{
  session: SessionIdentity | null;
  selectedWorkspaceId: string | null;
}> {
  const session = await getSession();
  if (!session || getAuthSettings().provider !== "local")
    return { session, selectedWorkspaceId: null };
  const picked = workspaceIdSchema.safeParse((await cookies()).get(WORKSPACE_COOKIE)?.value);
  return { session, selectedWorkspaceId: picked.success ? picked.data : null };
}
