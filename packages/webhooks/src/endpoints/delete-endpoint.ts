import type { Db } from "@adsconnect/db/client";

import { WebhookEndpointNotFoundError } from "./endpoint-summary";

/** Deletes an endpoint of the workspace with its messages and attempts log. */
export async function deleteEndpoint(
  db: Db,
  workspaceId: string,
  endpointId: string,
): Promise<void> {
  const { count } = await db.webhookEndpoint.deleteMany({ where: { id: endpointId, workspaceId } });
  if (count === 0) throw new WebhookEndpointNotFoundError();
}
