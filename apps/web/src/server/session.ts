import "server-only";

import { admitDashboardSession, type SessionStanding } from "@adsconnect/api/dashboard";
import { sessionFromClaims, type SessionIdentity } from "@adsconnect/auth";
import { auth } from "@clerk/nextjs/server";
import { cookies, headers } from "next/headers";
import { cache } from "react";

import { logger } from "@/server/logger";
import { getAuthSettings } from "@/server/auth-settings";
import { sealedByProxy } from "@/server/proxy-seal";
import { getServices } from "@/server/services";
import { pickedWorkspaceId, WORKSPACE_COOKIE } from "@/server/workspace-cookie";

/**
 * The signed-in person, as verified by Clerk's middleware (in both sign-in modes), or null.
 * Only for a request the proxy handled (its seal, src/server/proxy-seal.ts): otherwise the
 * `x-clerk-auth-*` headers `auth()` would read are the sender's own, and nobody is signed in.
 * A session that began before its person's data was erased (Clerk's `user.deleted` webhook,
 * or "Delete my data") is no session either: every page and procedure sees a signed-out
 * visitor, and signing in again starts afresh.
 */
export async function getSession(): Promise<SessionIdentity | null> {
  return (await getDashboardIdentity()).session;
}

/**
 * What the dashboard's context is built from: the session (with its active Clerk Organization,
 * which selects the workspace under Clerk), the sign-in mode (only local sign-in makes workspaces
 * on the dashboard), under local sign-in only the workspace picked in the switcher
 * (WORKSPACE_COOKIE; anything not a uuid is ignored; Clerk mode never reads the cookie), and
 * `standing`: the request's one read (admitDashboardSession) that checks the erasure and finds
 * the person's users row and that workspace, so the context reads them no more. Membership is
 * judged when the workspace is resolved, not here. Once per request (a page's layout, the page
 * and its prefetches share it).
 */
export const getDashboardIdentity = cache(
  async (): Promise<{
    session: SessionIdentity | null;
    selectedWorkspaceId: string | null;
    signInMode: "clerk" | "local";
    standing?: SessionStanding;
  }> => {
    const signInMode = getAuthSettings().provider;
    if (!sealedByProxy(await headers())) {
      logger.warn("a request reached the app without passing the proxy: treated as signed out");
      return { session: null, selectedWorkspaceId: null, signInMode };
    }
    const { userId, sessionClaims } = await auth();
    const claimed = sessionFromClaims(userId, sessionClaims as Record<string, unknown> | null);
    const picked =
      claimed && signInMode === "local"
        ? pickedWorkspaceId((await cookies()).get(WORKSPACE_COOKIE)?.value)
        : null;
    const { session, standing } = await admitDashboardSession(getServices().db, claimed, picked);
    if (!session) return { session: null, selectedWorkspaceId: null, signInMode };
    return { session, selectedWorkspaceId: picked, signInMode, standing };
  },
);
