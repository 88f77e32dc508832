import { Prisma, type Db } from "@adsconnect/db/client";
import { AccountNotFoundError } from "@adsconnect/tokens/errors";

import { REFRESH_FAILURE_TYPES, REFRESH_SUCCESS_TYPES, type ActivityType } from "./activity-types";

/** Where a page of activity ends: the last event's time and id (events sort by both, newest first). */
export interface ActivityCursor {
  createdAt: Date;
  id: string;
}

export function encodeActivityCursor({ createdAt, id }: ActivityCursor): string {
  return `${createdAt.toISOString()}_${id}`;
}

/** Null for anything that is not a cursor this module wrote. */
export function decodeActivityCursor(cursor: string): ActivityCursor | null {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)_([0-9a-f-]{36})$/.exec(cursor);
  if (!match) return null;
  const createdAt = new Date(match[1]!);
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id: match[2]! };
}

/**
 * Throws AccountNotFoundError unless `accountId` is the workspace's, so another workspace's id
 * reads as unknown.
 */
async function assertOwnsAccount(db: Db, workspaceId: string, accountId: string) {
  const owned = await db.amazonAccount.findFirst({
    where: { id: accountId, workspaceId },
    select: { id: true },
  });
  if (!owned) throw new AccountNotFoundError();
}

/**
 * A page of `workspaceId`'s audit trail, newest first, optionally for one of its
 * accounts and some event types. Each item names who did it (`actor`: null for the worker's
 * doings, and once that person is erased). `nextCursor` is null on the last page.
 */
export async function listActivity(
  db: Db,
  {
    workspaceId,
    accountId,
    types,
    cursor,
    limit,
  }: {
    workspaceId: string;
    accountId?: string;
    types?: readonly ActivityType[];
    cursor?: ActivityCursor;
    limit: number;
  },
) {
  if (accountId) await assertOwnsAccount(db, workspaceId, accountId);
  const where: Prisma.AuditEventWhereInput = {
    workspaceId,
    ...(accountId ? { accountId } : {}),
    ...(types && types.length > 0 ? { type: { in: [...types] } } : {}),
    ...(cursor
      ? {
          OR: [
            { createdAt: { lt: cursor.createdAt } },
            { createdAt: cursor.createdAt, id: { lt: cursor.id } },
          ],
        }
      : {}),
  };
  const rows = await db.auditEvent.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      type: true,
      details: true,
      createdAt: true,
      accountId: true,
      account: { select: { amazonName: true, amazonEmail: true, amazonUserId: true } },
      actor: { select: { name: true, email: true } },
    },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ account, ...event }) => ({
      ...event,
      details: (event.details ?? {}) as Record<string, unknown>,
      accountName: account
        ? (account.amazonName ?? account.amazonEmail ?? account.amazonUserId)
        : null,
    })),
    nextCursor: rows.length > limit && last ? encodeActivityCursor(last) : null,
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Refresh outcomes of one of `workspaceId`'s accounts per UTC day, for the last
 * `days` days (today included, oldest first), counted from the audit trail:
 * REFRESH_SUCCESS_TYPES are successes, REFRESH_FAILURE_TYPES failures.
 */
export async function getRefreshHealth(
  db: Db,
  {
    workspaceId,
    accountId,
    days,
    now = new Date(),
  }: { workspaceId: string; accountId: string; days: number; now?: Date },
) {
  await assertOwnsAccount(db, workspaceId, accountId);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * DAY_MS);
  const rows = await db.$queryRaw<{ day: Date; type: string; count: bigint }[]>`
    SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') AS day, type::text AS type, count(*) AS count
      FROM audit_events
     WHERE workspace_id = ${workspaceId}::uuid AND account_id = ${accountId}::uuid AND created_at >= ${since}
       AND type::text IN (${Prisma.join([...REFRESH_SUCCESS_TYPES, ...REFRESH_FAILURE_TYPES])})
     GROUP BY 1, 2`;
  const buckets = Array.from({ length: days }, (_, index) => ({
    date: new Date(since.getTime() + index * DAY_MS).toISOString().slice(0, 10),
    succeeded: 0,
    failed: 0,
  }));
  const success = new Set<string>(REFRESH_SUCCESS_TYPES);
  const failure = new Set<string>(REFRESH_FAILURE_TYPES);
  for (const row of rows) {
    // date_trunc of a timestamp without time zone comes back as a Date read as UTC.
    const bucket = buckets[Math.round((row.day.getTime() - since.getTime()) / DAY_MS)];
    if (!bucket) continue;
    if (success.has(row.type)) bucket.succeeded += Number(row.count);
    else if (failure.has(row.type)) bucket.failed += Number(row.count);
  }
  return {
    days: buckets,
    succeeded: buckets.reduce((sum, day) => sum + day.succeeded, 0),
    failed: buckets.reduce((sum, day) => sum + day.failed, 0),
  };
}
