import type { Db } from "@adsconnect/db/client";
import { recordActivity } from "@adsconnect/db/activity";
import { AdsConnectError } from "@adsconnect/errors";

import { findMember } from "./list-members";
import { requireAnotherAdmin, withMemberChange, type MemberChange } from "./member-changes";
import { noSuchMemberMessage } from "./messages";

/**
 * Removes an active member of a local workspace: `removedAt` is set (the row stays), and their
 * next request there is refused (resolveWorkspace). What they connected or did stays the
 * workspace's. The last admin cannot be removed (FORBIDDEN); an unknown or already removed member
 * is NOT_FOUND. Admins only (`withMemberChange`); an admin may remove themselves if another stays.
 */
export async function removeMember(
  db: Db,
  change: MemberChange & { userId: string },
): Promise<{ userId: string }> {
  const { access, userId } = change;
  return await withMemberChange(db, change, async (tx) => {
    const member = await findMember(tx, access.workspaceId, userId);
    if (!member) throw new AdsConnectError("not_found", noSuchMemberMessage(access.name));
    if (member.role === "admin") await requireAnotherAdmin(tx, access, userId);
    await tx.workspaceMembership.update({
      where: { workspaceId_userId: { workspaceId: access.workspaceId, userId } },
      data: { removedAt: new Date() },
    });
    await recordActivity(tx, {
      workspaceId: access.workspaceId,
      actorId: change.actorId,
      type: "member_removed",
      details: { memberId: userId, role: member.role },
    });
    return { userId };
  });
}
