import type { Db } from "@adsconnect/db/client";
import { recordActivity } from "@adsconnect/db/activity";
import { AdsConnectError } from "@adsconnect/errors";

import { findMember, type WorkspaceMember } from "./list-members";
import { requireAnotherAdmin, withMemberChange, type MemberChange } from "./member-changes";
import { noSuchMemberMessage } from "./messages";
import type { WorkspaceRole } from "./roles";

/**
 * Gives an active member of a local workspace another role. The last admin cannot be made a
 * member (FORBIDDEN); an unknown or removed member is NOT_FOUND. Admins only (`withMemberChange`).
 */
export async function changeMemberRole(
  db: Db,
  change: MemberChange & { userId: string; role: WorkspaceRole },
): Promise<WorkspaceMember> {
  const { access, userId, role } = change;
  return await withMemberChange(db, change, async (tx) => {
    const member = await findMember(tx, access.workspaceId, userId);
    if (!member) throw new AdsConnectError("not_found", noSuchMemberMessage(access.name));
    if (member.role === role) return member;
    if (role === "member") await requireAnotherAdmin(tx, access, userId);
    await tx.workspaceMembership.update({
      where: { workspaceId_userId: { workspaceId: access.workspaceId, userId } },
      data: { role },
    });
    await recordActivity(tx, {
      workspaceId: access.workspaceId,
      actorId: change.actorId,
      type: "member_role_changed",
      details: { memberId: userId, role, previousRole: member.role },
    });
    return { ...member, role };
  });
}
