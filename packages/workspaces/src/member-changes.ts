import type { Db, Prisma } from "@adsconnect/db/client";
import { AdsConnectError } from "@adsconnect/errors";

import { lastAdminMessage, membersNotManagedHereMessage, notAMemberMessage } from "./messages";
import { requireAdmin, type WorkspaceAccess } from "./roles";

/** Who changes the members of which workspace (the request's `WorkspaceAccess`). */
export interface MemberChange {
  access: WorkspaceAccess;
  /** The signed-in person making the change (an admin of it). */
  actorId: string;
}

/**
 * Runs `change` in a transaction that holds the workspace's row lock, so two concurrent changes
 * cannot both take away its last admin. Refused first: personal and organization workspaces
 * (FORBIDDEN, saying where their members are managed), and an actor who is not, or is no longer,
 * an admin there (their role is read again under the lock, not trusted from the request).
 */
export async function withMemberChange<T>(
  db: Db,
  { access, actorId }: MemberChange,
  change: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  if (access.kind !== "local") {
    throw new AdsConnectError("forbidden", membersNotManagedHereMessage(access.kind, access.name));
  }
  return await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM workspaces WHERE id = ${access.workspaceId}::uuid FOR UPDATE`;
    const actor = await tx.workspaceMembership.findFirst({
      where: { workspaceId: access.workspaceId, userId: actorId, removedAt: null },
      select: { role: true },
    });
    if (!actor) throw new AdsConnectError("forbidden", notAMemberMessage());
    requireAdmin({ ...access, role: actor.role }, "manage its members");
    return await change(tx);
  });
}

/** Refuses (FORBIDDEN) a change that would leave the workspace with no active admin but `userId`. */
export async function requireAnotherAdmin(
  tx: Prisma.TransactionClient,
  access: WorkspaceAccess,
  userId: string,
): Promise<void> {
  const others = await tx.workspaceMembership.count({
    where: {
      workspaceId: access.workspaceId,
      role: "admin",
      removedAt: null,
      userId: { not: userId },
    },
  });
  if (others === 0) throw new AdsConnectError("forbidden", lastAdminMessage(access.name));
}
