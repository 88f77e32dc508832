import { randomUUID } from "node:crypto";

import type { Services } from "@adsconnect/services";

import { TEST_EVENT_TYPE, type WebhookPayload } from "../event-types";
import { WEBHOOK_CHANNEL } from "../sql";
import { WebhookEndpointNotFoundError } from "./endpoint-summary";

/**
 * Queues a `webhook.test` event for this endpoint alone (whatever it subscribes to, even while it
 * is disabled: the attempt shows whether it works again), delivered and logged like any other.
 */
export async function sendTestEvent(
  services: Pick<Services, "db" | "now">,
  workspaceId: string,
  endpointId: string,
): Promise<{ eventId: string; messageId: string }> {
  const endpoint = await services.db.webhookEndpoint.findFirst({
    where: { id: endpointId, workspaceId },
    select: { id: true },
  });
  if (!endpoint) throw new WebhookEndpointNotFoundError();
  const now = services.now();
  const eventId = randomUUID();
  const messageId = randomUUID();
  const payload: WebhookPayload = {
    type: TEST_EVENT_TYPE,
    timestamp: now.toISOString(),
    data: {
      accountId: null,
      workspaceId,
      status: null,
      reason: "a test event sent from adsconnect",
    },
  };
  await services.db.$transaction(async (tx) => {
    await tx.webhookEvent.create({
      data: {
        id: eventId,
        workspaceId,
        accountId: null,
        type: TEST_EVENT_TYPE,
        payload: { ...payload },
        createdAt: now,
      },
    });
    await tx.webhookMessage.create({
      data: {
        id: messageId,
        eventId,
        endpointId,
        accountId: null,
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      },
    });
    await tx.$executeRawUnsafe(`NOTIFY ${WEBHOOK_CHANNEL}`);
  });
  return { eventId, messageId };
}
