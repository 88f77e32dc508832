import { recordActivity } from "@adsconnect/db/activity";
import type { Db } from "@adsconnect/db/client";

import type { WorkspaceSummary } from "./list-workspaces";

/**
 * A new shared workspace (kind local: made on the dashboard under local sign-in), with its creator
 * as its only admin, and its `workspace_created` event. The creator's `users` row must exist.
 */
export async function createLocalWorkspace(
  db: Db,
  { creatorId, name }: { creatorId: string; name: string },
): Promise<WorkspaceSummary> {
  return await db.$transaction(async (tx) => {
    const workspace = await tx.workspace.create({
      data: { kind: "local", name, memberships: { create: { userId: creatorId, role: "admin" } } },
      select: { id: true, name: true },
    });
    await recordActivity(tx, {
      workspaceId: workspace.id,
      actorId: creatorId,
      type: "workspace_created",
      details: { name },
    });
    return { workspaceId: workspace.id, kind: "local", name: workspace.name, role: "admin" };
  });
}
