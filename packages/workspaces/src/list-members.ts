import type { Db, Prisma } from "@adsconnect/db/client";

import type { WorkspaceRole } from "./roles";

/** A person in a workspace, as the members page lists them. */
export interface WorkspaceMember {
  userId: string;
  name: string | null;
  email: string;
  role: WorkspaceRole;
  /** When they joined (or were added again after a removal). */
  joinedAt: Date;
}

const MEMBER_SELECT = {
  userId: true,
  role: true,
  createdAt: true,
  user: { select: { name: true, email: true } },
} as const satisfies Prisma.WorkspaceMembershipSelect;

type MemberRow = Prisma.WorkspaceMembershipGetPayload<{ select: typeof MEMBER_SELECT }>;

function toMember(row: MemberRow): WorkspaceMember {
  return {
    userId: row.userId,
    name: row.user.name,
    email: row.user.email,
    role: row.role,
    joinedAt: row.createdAt,
  };
}

/** The workspace's active members (removed ones are not listed): admins first, then by name. */
export async function listMembers(
  db: Db | Prisma.TransactionClient,
  workspaceId: string,
): Promise<WorkspaceMember[]> {
  const rows = await db.workspaceMembership.findMany({
    where: { workspaceId, removedAt: null },
    select: MEMBER_SELECT,
  });
  return rows
    .map(toMember)
    .sort(
      (a, b) =>
        Number(b.role === "admin") - Number(a.role === "admin") ||
        (a.name ?? a.email).localeCompare(b.name ?? b.email, "en", { sensitivity: "base" }),
    );
}

/** One active member, or null. */
export async function findMember(
  db: Db | Prisma.TransactionClient,
  workspaceId: string,
  userId: string,
): Promise<WorkspaceMember | null> {
  const row = await db.workspaceMembership.findFirst({
    where: { workspaceId, userId, removedAt: null },
    select: MEMBER_SELECT,
  });
  return row ? toMember(row) : null;
}
