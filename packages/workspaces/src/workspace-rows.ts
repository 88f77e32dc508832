import { Prisma, type Db } from "@adsconnect/db/client";

import type { WorkspaceKind, WorkspaceRole } from "./roles";

/**
 * What resolveWorkspace reads before it decides, for each kind of selection: an organization's
 * workspace with the person's membership (removed or not), the membership of a picked
 * workspace (active only), or the person's personal workspace. Null: no such row.
 */
export type WorkspaceRows =
  | {
      selected: "organization";
      workspace: {
        id: string;
        name: string;
        memberships: { role: WorkspaceRole; removedAt: Date | null }[];
      } | null;
    }
  | {
      selected: "picked";
      membership: {
        role: WorkspaceRole;
        workspace: { id: string; kind: WorkspaceKind; name: string };
      } | null;
    }
  | { selected: "personal"; workspace: { id: string; name: string } | null };

/** Which rows a selection needs (see WorkspaceSelection in ./resolve-workspace). */
export interface RowsSelection {
  userId: string;
  organization?: { id: string } | null;
  workspaceId?: string | null;
}

/**
 * One SQL expression giving the rows `selection` needs as JSON (null when there are none), for
 * a caller folding this read into a statement of its own (readSessionStanding in
 * @adsconnect/accounts); parse its value with workspaceRowsFromJson. The same reads as
 * resolveWorkspace's own, by the same unique keys.
 */
export function workspaceRowsSql({ userId, organization, workspaceId }: RowsSelection): Prisma.Sql {
  if (organization) {
    return Prisma.sql`(SELECT json_build_object('id', w.id, 'name', w.name, 'memberships',
        coalesce((SELECT json_agg(json_build_object('role', m.role, 'removedAt', m.removed_at))
                    FROM workspace_memberships m
                   WHERE m.workspace_id = w.id AND m.user_id = ${userId}), '[]'::json))
      FROM workspaces w WHERE w.clerk_organization_id = ${organization.id})`;
  }
  if (workspaceId) {
    return Prisma.sql`(SELECT json_build_object('role', m.role,
        'workspace', json_build_object('id', w.id, 'kind', w.kind, 'name', w.name))
      FROM workspace_memberships m JOIN workspaces w ON w.id = m.workspace_id
      WHERE m.workspace_id = ${workspaceId}::uuid AND m.user_id = ${userId}
        AND m.removed_at IS NULL)`;
  }
  return Prisma.sql`(SELECT json_build_object('id', w.id, 'name', w.name)
      FROM workspaces w WHERE w.personal_owner_id = ${userId})`;
}

type OrganizationRows = Extract<WorkspaceRows, { selected: "organization" }>["workspace"];
type PickedRows = Extract<WorkspaceRows, { selected: "picked" }>["membership"];
type PersonalRows = Extract<WorkspaceRows, { selected: "personal" }>["workspace"];

/** The value of workspaceRowsSql(selection)'s expression, as WorkspaceRows. */
export function workspaceRowsFromJson(selection: RowsSelection, json: unknown): WorkspaceRows {
  if (selection.organization) {
    const workspace = json as OrganizationRows;
    return {
      selected: "organization",
      workspace: workspace && {
        ...workspace,
        // JSON has no dates: timestamptz comes back as text.
        memberships: workspace.memberships.map(({ role, removedAt }) => ({
          role,
          removedAt: removedAt === null ? null : new Date(removedAt),
        })),
      },
    };
  }
  if (selection.workspaceId) return { selected: "picked", membership: json as PickedRows };
  return { selected: "personal", workspace: json as PersonalRows };
}

/** The rows `selection` needs, read on their own (one statement) when no earlier read found them. */
export async function readWorkspaceRows(
  db: Pick<Db, "$queryRaw">,
  selection: RowsSelection,
): Promise<WorkspaceRows> {
  const [row] = await db.$queryRaw<
    { rows: unknown }[]
  >`SELECT ${workspaceRowsSql(selection)} AS rows`;
  return workspaceRowsFromJson(selection, row!.rows);
}
