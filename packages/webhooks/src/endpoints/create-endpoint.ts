import { randomUUID } from "node:crypto";

import { AdsConnectError } from "@adsconnect/errors";
import type { Services } from "@adsconnect/services";

import { encryptWebhookSecret, generateWebhookSecret } from "../secrets";
import { checkWebhookUrl } from "../ssrf-guard";
import {
  ENDPOINT_SELECT,
  MAX_ENDPOINTS_PER_WORKSPACE,
  toSummary,
  type WebhookEndpointSummary,
} from "./endpoint-summary";

export interface CreateEndpointInput {
  workspaceId: string;
  /** Who made it (null for an API key). */
  createdById: string | null;
  url: string;
  description?: string | undefined;
  /** Empty: every event type. */
  eventTypes: string[];
}

/**
 * Saves an endpoint after the SSRF check and returns it with its `whsec_` secret, the only time
 * the secret is shown: it is stored as a vault ciphertext bound to the row.
 */
export async function createEndpoint(
  services: Pick<Services, "db" | "vault" | "webhooks">,
  input: CreateEndpointInput,
): Promise<{ endpoint: WebhookEndpointSummary; secret: string }> {
  await checkWebhookUrl(input.url, services.webhooks);
  const count = await services.db.webhookEndpoint.count({
    where: { workspaceId: input.workspaceId },
  });
  if (count >= MAX_ENDPOINTS_PER_WORKSPACE)
    throw new AdsConnectError(
      "limit_reached",
      `A workspace can have at most ${MAX_ENDPOINTS_PER_WORKSPACE} webhook endpoints; delete one first.`,
    );
  const id = randomUUID();
  const secret = generateWebhookSecret();
  const row = await services.db.webhookEndpoint.create({
    data: {
      id,
      workspaceId: input.workspaceId,
      createdById: input.createdById,
      url: input.url,
      description: input.description ?? "",
      eventTypes: [...new Set(input.eventTypes)],
      secretCiphertext: encryptWebhookSecret(services.vault, id, secret),
    },
    select: ENDPOINT_SELECT,
  });
  return { endpoint: toSummary(row), secret };
}
