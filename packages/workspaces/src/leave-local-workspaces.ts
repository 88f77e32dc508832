import { recordActivity } from "@adsconnect/db/activity";
import type { Prisma } from "@adsconnect/db/client";

/**
 * The membership rule for a person leaving every local workspace at once (erasing them; kind
 * local only: organization workspaces are Clerk's). A workspace left with no other active member
 * is abandoned: nobody could reach it, yet the worker would keep refreshing its grants and its
 * unbound keys would keep working, so it must go with everything in it — returned for the caller
 * to delete in the same transaction (erasure deletes and counts what is in it). A workspace left
 * with members but no other active admin gets its longest-standing active member promoted here,
 * with a `member_role_changed` line (no actor: the system did it). The workspaces' rows stay
 * locked until the caller's transaction ends, so no membership change slips in between.
 */
export async function leaveLocalWorkspaces(
  tx: Prisma.TransactionClient,
  userId: string,
): Promise<{ abandoned: string[] }> {
  const rows = await tx.$queryRaw<{ id: string; members: number; admins: number }[]>`
    SELECT w.id::text AS id,
      (SELECT count(*)::int FROM workspace_memberships o
        WHERE o.workspace_id = w.id AND o.user_id <> ${userId} AND o.removed_at IS NULL) AS members,
      (SELECT count(*)::int FROM workspace_memberships o
        WHERE o.workspace_id = w.id AND o.user_id <> ${userId} AND o.removed_at IS NULL
          AND o.role = 'admin') AS admins
    FROM workspaces w
    WHERE w.kind = 'local'
      AND EXISTS (SELECT 1 FROM workspace_memberships m WHERE m.workspace_id = w.id AND m.user_id = ${userId})
    FOR UPDATE OF w`;
  for (const row of rows) {
    if (row.members > 0 && row.admins === 0) await promoteLongestStandingMember(tx, row.id, userId);
  }
  return { abandoned: rows.filter((row) => row.members === 0).map((row) => row.id) };
}

/** A workspace must keep an admin: its longest-standing active member but `leaving` becomes one. */
async function promoteLongestStandingMember(
  tx: Prisma.TransactionClient,
  workspaceId: string,
  leaving: string,
): Promise<void> {
  const member = await tx.workspaceMembership.findFirst({
    where: { workspaceId, removedAt: null, userId: { not: leaving } },
    orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
    select: { userId: true, role: true },
  });
  if (!member) return;
  await tx.workspaceMembership.update({
    where: { workspaceId_userId: { workspaceId, userId: member.userId } },
    data: { role: "admin" },
  });
  await recordActivity(tx, {
    workspaceId,
    actorId: null,
    type: "member_role_changed",
    // changeMemberRole's shape, plus why.
    details: {
      memberId: member.userId,
      role: "admin",
      previousRole: member.role,
      reason: "last_admin_erased",
    },
  });
}
