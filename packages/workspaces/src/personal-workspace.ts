import type { Db, Prisma } from "@adsconnect/db/client";

import type { WorkspaceAccess } from "./roles";

/** What a personal workspace is called; the dashboard shows it as "Personal". */
export const PERSONAL_WORKSPACE_NAME = "Personal";

/**
 * A person's personal workspace, made on first use with them as its admin (the `users` row must
 * exist). Concurrent first requests both get the same one. `known`: the row as read earlier in
 * the request (null: there was none); undefined: read it here.
 */
export async function ensurePersonalWorkspace(
  db: Db | Prisma.TransactionClient,
  userId: string,
  known?: { id: string; name: string } | null,
): Promise<WorkspaceAccess> {
  const existing =
    known !== undefined
      ? known
      : await db.workspace.findUnique({
          where: { personalOwnerId: userId },
          select: { id: true, name: true },
        });
  const workspace = existing ?? (await createPersonalWorkspace(db, userId));
  return { workspaceId: workspace.id, kind: "personal", name: workspace.name, role: "admin" };
}

// Prisma's upsert with a nested create is a read then an insert, not one statement: a concurrent
// first request can win the insert, and then this one reads the row it made.
async function createPersonalWorkspace(db: Db | Prisma.TransactionClient, userId: string) {
  try {
    return await db.workspace.upsert({
      where: { personalOwnerId: userId },
      create: {
        kind: "personal",
        name: PERSONAL_WORKSPACE_NAME,
        personalOwnerId: userId,
        memberships: { create: { userId, role: "admin" } },
      },
      update: {},
      select: { id: true, name: true },
    });
  } catch (cause) {
    if ((cause as { code?: unknown }).code !== "P2002") throw cause;
    return await db.workspace.findUniqueOrThrow({
      where: { personalOwnerId: userId },
      select: { id: true, name: true },
    });
  }
}
