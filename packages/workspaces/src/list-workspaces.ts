import type { Db } from "@adsconnect/db/client";

import { ensurePersonalWorkspace } from "./personal-workspace";
import type { WorkspaceKind, WorkspaceRole } from "./roles";

/** A workspace a person belongs to, as the workspace switcher lists it. */
export interface WorkspaceSummary {
  workspaceId: string;
  kind: WorkspaceKind;
  name: string;
  role: WorkspaceRole;
}

/**
 * Every workspace the person is an active member of, with their role: their personal workspace
 * first (made now if it is missing; their `users` row must exist), then the others by name.
 */
export async function listWorkspacesOf(db: Db, userId: string): Promise<WorkspaceSummary[]> {
  const personal = await ensurePersonalWorkspace(db, userId);
  const memberships = await db.workspaceMembership.findMany({
    where: { userId, removedAt: null, workspaceId: { not: personal.workspaceId } },
    select: { role: true, workspace: { select: { id: true, kind: true, name: true } } },
  });
  const others = memberships
    .map(({ role, workspace }) => ({
      workspaceId: workspace.id,
      kind: workspace.kind,
      name: workspace.name,
      role,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }));
  return [personal, ...others];
}
