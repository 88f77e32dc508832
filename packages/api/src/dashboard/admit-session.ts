import { readSessionStanding, type SessionStanding } from "@adsconnect/accounts";
import type { Db } from "@adsconnect/db/client";

import type { Session } from "../context";

/** A session admitted to the dashboard, with what its first read found (the context's `standing`). */
export type AdmittedSession<S extends Session> =
  { session: S; standing: SessionStanding } | { session: null; standing?: never };

/**
 * A dashboard request's first read for a signed-in person, before any page or procedure runs:
 * one statement (readSessionStanding in @adsconnect/accounts) that says whether the session
 * began before the person's data was erased — then it is no session: the caller sees a
 * signed-out visitor — and finds their `users` row and the workspace the request selects
 * (`selectedWorkspaceId`, or the session's Clerk Organization, or their personal workspace).
 * Hand `standing` to createDashboardContext: ensureUser and resolveWorkspace then read nothing
 * more for a returning person.
 */
export async function admitDashboardSession<S extends Session>(
  db: Db,
  session: S | null,
  selectedWorkspaceId: string | null = null,
): Promise<AdmittedSession<S>> {
  if (!session) return { session: null };
  const standing = await readSessionStanding(
    db,
    {
      userId: session.userId,
      issuedAt: session.issuedAt,
      organization: session.organization,
      workspaceId: selectedWorkspaceId,
    },
    session.signedInAt,
  );
  return standing.erased ? { session: null } : { session, standing };
}
