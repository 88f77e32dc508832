import type { Db } from "@adsconnect/db/client";
import { AdsConnectError } from "@adsconnect/errors";
import { resolveWorkspace, type SessionOrganization } from "@adsconnect/workspaces";

import { hashOAuthState } from "./oauth-state";

/**
 * Under Clerk the database's role is only refreshed on the person's next dashboard request, so
 * the callback would judge them by a role the session token has since replaced. When the
 * session's active organization is the one the connection's state goes into, its membership and
 * role are kept from the token first (resolveWorkspace), as any dashboard request would. Anything
 * else (no organization, another one, an unknown state) changes nothing: completeConnection then
 * judges as before. A person removed after the token was issued stays removed.
 */
export async function syncStarterRole(
  db: Db,
  {
    userId,
    issuedAt,
    organization,
    state,
  }: {
    userId: string;
    issuedAt: Date | null;
    organization: SessionOrganization | null;
    state: string | null | undefined;
  },
): Promise<void> {
  if (!organization || !state || state.length > 512) return;
  const pending = await db.oAuthState.findUnique({
    where: { stateHash: hashOAuthState(state) },
    select: { userId: true, workspace: { select: { clerkOrganizationId: true } } },
  });
  if (pending?.userId !== userId) return;
  if (pending.workspace.clerkOrganizationId !== organization.id) return;
  try {
    await resolveWorkspace(db, { userId, issuedAt, organization });
  } catch (cause) {
    // Removed from the organization: completeConnection refuses them (not_allowed).
    if (cause instanceof AdsConnectError && cause.kind === "forbidden") return;
    throw cause;
  }
}
