import { localUserIdForEmail } from "@adsconnect/auth";
import { recordActivity } from "@adsconnect/db/activity";
import type { Db } from "@adsconnect/db/client";

import { findMember, type WorkspaceMember } from "./list-members";
import { withMemberChange, type MemberChange } from "./member-changes";
import type { WorkspaceRole } from "./roles";

export interface AddMemberResult {
  member: WorkspaceMember;
  /** True when they were already an active member: nothing changed (their role neither). */
  alreadyMember: boolean;
}

/**
 * Adds the person who signs in locally with `email` (their user id is `localUserIdForEmail`) to a
 * local workspace with `role`; their `users` row is made if they never signed in (their own
 * sign-in fills in their name later). Someone removed before is added again. Admins only; see
 * `withMemberChange` for what is refused.
 */
export async function addMemberByEmail(
  db: Db,
  change: MemberChange & { email: string; role: WorkspaceRole },
): Promise<AddMemberResult> {
  const email = change.email.trim().toLowerCase();
  const userId = localUserIdForEmail(email);
  const { workspaceId } = change.access;
  return await withMemberChange(db, change, async (tx) => {
    const existing = await findMember(tx, workspaceId, userId);
    if (existing) return { member: existing, alreadyMember: true };
    await tx.user.upsert({ where: { id: userId }, create: { id: userId, email }, update: {} });
    await tx.workspaceMembership.upsert({
      where: { workspaceId_userId: { workspaceId, userId } },
      create: { workspaceId, userId, role: change.role },
      // Removed before: a new membership in all but the row.
      update: { role: change.role, removedAt: null, createdAt: new Date() },
    });
    await recordActivity(tx, {
      workspaceId,
      actorId: change.actorId,
      type: "member_added",
      details: { memberId: userId, role: change.role },
    });
    const member = await findMember(tx, workspaceId, userId);
    return { member: member!, alreadyMember: false };
  });
}
