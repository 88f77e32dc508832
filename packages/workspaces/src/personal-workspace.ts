import type { Db, Prisma } from "@adsconnect/db/client";

import type { WorkspaceAccess } from "./roles";

/** What a personal workspace is called; the dashboard shows it as "Personal". */
export const PERSONAL_WORKSPACE_NAME = "Personal";

/**
 * A person's personal workspace, made on first use with them as its admin (the `users` row must
 * exist). Concurrent first requests both get the same one.
 */
export async function ensurePersonalWorkspace(
  db: Db | Prisma.TransactionClient,
  userId: string,
): Promise<WorkspaceAccess> {
  const existing = await db.workspace.findUnique({
    where: { personalOwnerId: userId },
    select: { id: true, name: true },
  });
  const workspace =
    existing ??
    (await db.workspace.upsert({
      where: { personalOwnerId: userId },
      create: {
        kind: "personal",
        name: PERSONAL_WORKSPACE_NAME,
        personalOwnerId: userId,
        memberships: { create: { userId, role: "admin" } },
      },
      update: {},
      select: { id: true, name: true },
    }));
  return { workspaceId: workspace.id, kind: "personal", name: workspace.name, role: "admin" };
}
