import type { Prisma } from "@adsconnect/db/client";

export type WorkspaceEventType =
  "workspace_created" | "member_added" | "member_role_changed" | "member_removed";

/**
 * One line in the workspace's activity. `details` name the member by user id only (no email or
 * name): the line outlives an erased person's data.
 */
export async function recordWorkspaceEvent(
  tx: Prisma.TransactionClient,
  event: {
    workspaceId: string;
    /** Who did it; null for Clerk's webhooks (the change was made in Clerk). */
    actorId: string | null;
    type: WorkspaceEventType;
    details: Record<string, string>;
  },
): Promise<void> {
  await tx.auditEvent.create({ data: event });
}
