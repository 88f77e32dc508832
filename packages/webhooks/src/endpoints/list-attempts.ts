import type { Db } from "@adsconnect/db/client";

import { WebhookEndpointNotFoundError } from "./endpoint-summary";

export interface WebhookAttemptItem {
  id: string;
  messageId: string;
  eventId: string;
  eventType: string;
  accountId: string | null;
  /** succeeded or failed. */
  status: string;
  responseCode: number | null;
  durationMs: number;
  /** At most 1 KiB. */
  responseBody: string | null;
  error: string | null;
  createdAt: Date;
  /** The message now: pending (a retry is due at messageNextAttemptAt), delivered or failed. */
  messageState: string;
  messageNextAttemptAt: Date;
}

export const ATTEMPTS_PAGE_SIZE = 50;

/**
 * The endpoint's attempts log, newest first, 50 a page; `cursor` is the previous page's
 * `nextCursor` (an attempt id: uuids made by Postgres are random, so the page is keyed on time and id).
 */
export async function listAttempts(
  db: Db,
  workspaceId: string,
  { endpointId, cursor }: { endpointId: string; cursor?: string | undefined },
): Promise<{ items: WebhookAttemptItem[]; nextCursor: string | null }> {
  const endpoint = await db.webhookEndpoint.findFirst({
    where: { id: endpointId, workspaceId },
    select: { id: true },
  });
  if (!endpoint) throw new WebhookEndpointNotFoundError();
  const after = cursor
    ? await db.webhookAttempt.findFirst({
        where: { id: cursor, message: { endpointId } },
        select: { id: true, createdAt: true },
      })
    : null;
  const rows = await db.webhookAttempt.findMany({
    where: {
      message: { endpointId },
      ...(after
        ? {
            OR: [
              { createdAt: { lt: after.createdAt } },
              { createdAt: after.createdAt, id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: ATTEMPTS_PAGE_SIZE + 1,
    include: {
      message: { include: { event: { select: { id: true, type: true, accountId: true } } } },
    },
  });
  const page = rows.slice(0, ATTEMPTS_PAGE_SIZE);
  return {
    items: page.map((row) => ({
      id: row.id,
      messageId: row.messageId,
      eventId: row.message.event.id,
      eventType: row.message.event.type,
      accountId: row.message.event.accountId,
      status: row.status,
      responseCode: row.responseCode,
      durationMs: row.durationMs,
      responseBody: row.responseBody,
      error: row.error,
      createdAt: row.createdAt,
      messageState: row.message.state,
      messageNextAttemptAt: row.message.nextAttemptAt,
    })),
    nextCursor: rows.length > ATTEMPTS_PAGE_SIZE ? page.at(-1)!.id : null,
  };
}
