import type { Db } from "@adsconnect/db/client";

import { WebhookEndpointNotFoundError, type WebhookEndpointSummary } from "./endpoint-summary";
import { listEndpoints } from "./list-endpoints";

/** One of the workspace's endpoints; another workspace's is NOT_FOUND like a missing one. */
export async function getEndpoint(
  db: Db,
  workspaceId: string,
  endpointId: string,
): Promise<WebhookEndpointSummary> {
  const found = await db.webhookEndpoint.findFirst({
    where: { id: endpointId, workspaceId },
    select: { id: true },
  });
  if (!found) throw new WebhookEndpointNotFoundError();
  const all = await listEndpoints(db, workspaceId);
  const endpoint = all.find((candidate) => candidate.id === endpointId);
  if (!endpoint) throw new WebhookEndpointNotFoundError();
  return endpoint;
}
