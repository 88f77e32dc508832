import type { Services } from "@adsconnect/services";

import { WEBHOOK_CHANNEL } from "../sql";
import { checkWebhookUrl } from "../ssrf-guard";
import { WebhookEndpointNotFoundError, type WebhookEndpointSummary } from "./endpoint-summary";
import { getEndpoint } from "./get-endpoint";

export interface UpdateEndpointInput {
  endpointId: string;
  url?: string | undefined;
  description?: string | undefined;
  eventTypes?: string[] | undefined;
  /** false: nothing is sent until enabled again. true: clears a disabled reason and sends every undelivered event, in order. */
  enabled?: boolean | undefined;
}

/** Changes an endpoint of the workspace (a new URL passes the SSRF check first). */
export async function updateEndpoint(
  services: Pick<Services, "db" | "webhooks" | "now">,
  workspaceId: string,
  input: UpdateEndpointInput,
): Promise<WebhookEndpointSummary> {
  const current = await services.db.webhookEndpoint.findFirst({
    where: { id: input.endpointId, workspaceId },
    select: { status: true },
  });
  if (!current) throw new WebhookEndpointNotFoundError();
  if (input.url !== undefined) await checkWebhookUrl(input.url, services.webhooks);
  const enabling = input.enabled === true && current.status === "disabled";
  const now = services.now();
  await services.db.$transaction(async (tx) => {
    await tx.webhookEndpoint.update({
      where: { id: input.endpointId },
      data: {
        ...(input.url === undefined ? {} : { url: input.url }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.eventTypes === undefined ? {} : { eventTypes: [...new Set(input.eventTypes)] }),
        ...(input.enabled === undefined
          ? {}
          : input.enabled
            ? { status: "active", disabledReason: null, failingSince: null }
            : { status: "disabled", disabledReason: null }),
      },
    });
    if (!enabling) return;
    // Nothing is lost while disabled: what was undelivered goes out now, oldest first. A message
    // a worker is delivering right now (a live lease) keeps its lease and its attempt's outcome.
    await tx.webhookMessage.updateMany({
      where: {
        endpointId: input.endpointId,
        state: { in: ["pending", "failed"] },
        // Not leased right now (written as an OR: lease_until is NULL for most rows, and SQL's
        // NOT (… AND NULL) would drop them).
        OR: [{ state: { not: "pending" } }, { leaseUntil: null }, { leaseUntil: { lte: now } }],
      },
      data: {
        state: "pending",
        attemptCount: 0,
        nextAttemptAt: now,
        leaseUntil: null,
        updatedAt: now,
      },
    });
    await tx.$executeRawUnsafe(`NOTIFY ${WEBHOOK_CHANNEL}`);
  });
  return getEndpoint(services.db, workspaceId, input.endpointId);
}
