import type { Services } from "@adsconnect/services";

import { encryptWebhookSecret, generateWebhookSecret } from "../secrets";
import { WebhookEndpointNotFoundError } from "./endpoint-summary";

/**
 * Gives an endpoint a new secret, shown once. The old one keeps signing beside it (two `v1,`
 * signatures in webhook-signature) until `previousSecretValidUntil`, so the receiver can switch
 * without dropping a delivery. Rotating again within the overlap drops the oldest.
 */
export async function rotateSecret(
  services: Pick<Services, "db" | "vault" | "webhooks" | "now">,
  workspaceId: string,
  endpointId: string,
): Promise<{ secret: string; previousSecretValidUntil: Date }> {
  const current = await services.db.webhookEndpoint.findFirst({
    where: { id: endpointId, workspaceId },
    select: { secretCiphertext: true },
  });
  if (!current) throw new WebhookEndpointNotFoundError();
  const secret = generateWebhookSecret();
  const previousSecretValidUntil = new Date(
    services.now().getTime() + services.webhooks.secretOverlapMs,
  );
  await services.db.webhookEndpoint.update({
    where: { id: endpointId },
    data: {
      secretCiphertext: encryptWebhookSecret(services.vault, endpointId, secret),
      previousSecretCiphertext: current.secretCiphertext,
      previousSecretExpiresAt: previousSecretValidUntil,
    },
  });
  return { secret, previousSecretValidUntil };
}
