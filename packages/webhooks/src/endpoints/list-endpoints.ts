import type { Db } from "@adsconnect/db/client";

import { ENDPOINT_SELECT, toSummary, type WebhookEndpointSummary } from "./endpoint-summary";

/** The workspace's endpoints, newest first, each with its latest attempt. */
export async function listEndpoints(
  db: Db,
  workspaceId: string,
): Promise<WebhookEndpointSummary[]> {
  const rows = await db.webhookEndpoint.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    select: ENDPOINT_SELECT,
  });
  if (rows.length === 0) return [];
  const latest = await db.$queryRaw<
    { endpointId: string; at: Date; status: string; responseCode: number | null }[]
  >`SELECT DISTINCT ON (m.endpoint_id) m.endpoint_id AS "endpointId", a.created_at AS at, a.status,
           a.response_code AS "responseCode"
      FROM webhook_attempts a JOIN webhook_messages m ON m.id = a.message_id
     WHERE m.endpoint_id = ANY (${rows.map((row) => row.id)}::uuid[])
     ORDER BY m.endpoint_id, a.created_at DESC`;
  const byEndpoint = new Map(latest.map(({ endpointId, ...attempt }) => [endpointId, attempt]));
  return rows.map((row) => toSummary(row, byEndpoint.get(row.id) ?? null));
}
