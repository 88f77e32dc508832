import { Prisma, type Db } from "@adsconnect/db/client";
import {
  workspaceRowsFromJson,
  workspaceRowsSql,
  type WorkspaceRows,
  type WorkspaceSelection,
} from "@adsconnect/workspaces";

import { hashUserId } from "./erase-person";

/** Where a signed-in person stands at the start of a dashboard request, from one statement. */
export interface SessionStanding {
  /** erasedSince(userId, signedInAt): the session belongs to erased data and signs nobody in. */
  erased: boolean;
  /** Their `users` row as it is (null: none yet), for syncUser to compare with the session. */
  user: { email: string; name: string | null } | null;
  /** What resolveWorkspace needs for the selection, read by the same keys it uses. */
  workspace: WorkspaceRows;
}

/**
 * The three reads a dashboard request made one after another before its procedure ran — the
 * erasure check (erasedSince), the `users` row (syncUser) and the workspace and membership
 * (resolveWorkspace) — as one statement, one round trip. It only reads: syncUser and
 * resolveWorkspace, handed its answer, still do every write themselves (and the insert of a
 * new person still re-checks the erasure under the person's lock).
 */
export async function readSessionStanding(
  db: Pick<Db, "$queryRaw">,
  selection: WorkspaceSelection,
  /** When the person signed in (SessionIdentity's `signedInAt`); default the selection's issuedAt. */
  signedInAt: Date | null | undefined = selection.issuedAt,
): Promise<SessionStanding> {
  const { userId } = selection;
  const [row] = await db.$queryRaw<
    { erased: boolean; user: SessionStanding["user"]; workspace: unknown }[]
  >`
    SELECT EXISTS (
             SELECT 1 FROM person_erasures
              WHERE user_id_hash = ${hashUserId(userId)}
                ${signedInAt ? Prisma.sql`AND erased_at >= ${signedInAt}::timestamptz` : Prisma.empty}
           ) AS erased,
           (SELECT json_build_object('email', u.email, 'name', u.name)
              FROM users u WHERE u.id = ${userId}) AS "user",
           ${workspaceRowsSql(selection)} AS workspace`;
  return {
    erased: row!.erased,
    user: row!.user,
    workspace: workspaceRowsFromJson(selection, row!.workspace),
  };
}
