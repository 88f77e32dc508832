import type { Db } from "@adsconnect/db/client";
import { AdsConnectError } from "@adsconnect/errors";

import { notAMemberMessage } from "./messages";
import { ensurePersonalWorkspace } from "./personal-workspace";
import type { WorkspaceAccess, WorkspaceRole } from "./roles";
import { readWorkspaceRows, type WorkspaceRows } from "./workspace-rows";

/**
 * The Clerk Organization a session token names as active (its `o` claim: `id`, `rol`), with the
 * name from the `org_name` custom claim when the session token template adds it (README).
 */
export interface SessionOrganization {
  /** Clerk's organization id, `org_…`. */
  id: string;
  /** From `o.rol`: "admin" is admin; any other role is member. */
  role: WorkspaceRole;
  name: string | null;
  slug: string | null;
}

export interface WorkspaceSelection {
  userId: string;
  /** When the session token was issued: a removal after it wins over the token's membership. */
  issuedAt?: Date | null;
  /** Clerk: the active organization; null or absent: none is active. */
  organization?: SessionOrganization | null;
  /**
   * Local sign-in: the workspace the person picked in the switcher (a cookie the web app reads
   * only in local mode); absent: their personal workspace.
   */
  workspaceId?: string | null;
}

/**
 * The workspace a person's request acts in, and their role there. The person's `users` row
 * must exist.
 *
 * - A Clerk Organization in the token: its workspace and the membership are kept from the
 *   token (made or updated here, no call to Clerk), with the token's role. A person removed
 *   after the token was issued stays removed (FORBIDDEN); a token issued after the removal
 *   (they were added again) restores them.
 * - A picked workspace (local sign-in): the person's active membership there, with its role;
 *   FORBIDDEN when they are not (or no longer) a member.
 * - Neither: their personal workspace, made on first use.
 *
 * `rows`: what a read made earlier in the request found for this selection (workspaceRowsSql,
 * folded into the request's first statement); absent, the same rows are read here, in one
 * statement. Either way only what is missing or differs is written.
 */
export async function resolveWorkspace(
  db: Db,
  selection: WorkspaceSelection,
  rows?: WorkspaceRows,
): Promise<WorkspaceAccess> {
  const found = rows ?? (await readWorkspaceRows(db, selection));
  switch (found.selected) {
    case "organization":
      // Rows of this kind are read only for a selection with an organization.
      return await organizationWorkspace(db, selection, selection.organization!, found.workspace);
    case "picked": {
      const { membership } = found;
      if (!membership) throw new AdsConnectError("forbidden", notAMemberMessage());
      const { workspace } = membership;
      return {
        workspaceId: workspace.id,
        kind: workspace.kind,
        name: workspace.name,
        role: membership.role,
      };
    }
    case "personal":
      return await ensurePersonalWorkspace(db, selection.userId, found.workspace);
  }
}

type OrganizationRows = Extract<WorkspaceRows, { selected: "organization" }>["workspace"];

async function organizationWorkspace(
  db: Db,
  { userId, issuedAt }: WorkspaceSelection,
  organization: SessionOrganization,
  /** The organization's workspace with the person's membership, as read for this request. */
  existing: OrganizationRows,
): Promise<WorkspaceAccess> {
  const { id, role } = organization;
  const name = organization.name ?? organization.slug ?? id;
  const workspace =
    existing && existing.name === name
      ? existing
      : await keepOrganizationWorkspace(db, id, name, userId);
  const membership = workspace.memberships[0];
  if (membership?.removedAt && (!issuedAt || issuedAt <= membership.removedAt)) {
    throw new AdsConnectError("forbidden", notAMemberMessage());
  }
  if (!membership || membership.removedAt || membership.role !== role) {
    await keepMembership(db, workspace.id, userId, role, issuedAt);
  }
  return { workspaceId: workspace.id, kind: "organization", name: workspace.name, role };
}

// Prisma's upserts here are a read then an insert, not one statement: two first requests for a
// new organization (or a new member) at once can both try the insert, and the loser gets P2002
// (unique). The row the winner made is then the one to use: read it (or update it) instead.
const isUniqueViolation = (cause: unknown) => (cause as { code?: unknown }).code === "P2002";

async function keepOrganizationWorkspace(
  db: Db,
  clerkOrganizationId: string,
  name: string,
  userId: string,
) {
  const select = {
    id: true,
    name: true,
    memberships: { where: { userId }, select: { role: true, removedAt: true } },
  } as const;
  try {
    return await db.workspace.upsert({
      where: { clerkOrganizationId },
      create: { kind: "organization", name, clerkOrganizationId },
      update: { name },
      select,
    });
  } catch (cause) {
    if (!isUniqueViolation(cause)) throw cause;
    return await db.workspace.findUniqueOrThrow({ where: { clerkOrganizationId }, select });
  }
}

/**
 * The token's membership, written only over a row that is active or was removed before the token
 * was issued: the rows this request decided from were read earlier, and a removal recorded since
 * (Clerk's organizationMembership.deleted) must stay, so the request is refused as the next one
 * would be.
 */
async function keepMembership(
  db: Db,
  workspaceId: string,
  userId: string,
  role: WorkspaceRole,
  issuedAt: Date | null | undefined,
) {
  const removedBeforeTheToken = issuedAt ? [{ removedAt: { lt: issuedAt } }] : [];
  const update = () =>
    db.workspaceMembership.updateMany({
      where: { workspaceId, userId, OR: [{ removedAt: null }, ...removedBeforeTheToken] },
      data: { role, removedAt: null },
    });
  if ((await update()).count === 1) return;
  try {
    await db.workspaceMembership.create({ data: { workspaceId, userId, role } });
  } catch (cause) {
    if (!isUniqueViolation(cause)) throw cause;
    // A concurrent first request made the row (it is active: update it), or it was removed since.
    if ((await update()).count !== 1) throw new AdsConnectError("forbidden", notAMemberMessage());
  }
}
