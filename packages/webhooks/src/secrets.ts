import { randomBytes } from "node:crypto";

import type { TokenVault } from "@adsconnect/vault";

/** The Standard Webhooks secret format: `whsec_` and 32 random bytes in base64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** The vault context binding an endpoint's secrets to its row (a copied ciphertext opens nowhere else). */
function secretContext(endpointId: string): string {
  return `webhook_endpoint:${endpointId}:secret`;
}

export function encryptWebhookSecret(
  vault: TokenVault,
  endpointId: string,
  secret: string,
): string {
  return vault.encryptFor(secretContext(endpointId), secret);
}

export function decryptWebhookSecret(
  vault: TokenVault,
  endpointId: string,
  ciphertext: string,
): string {
  return vault.decryptFor(secretContext(endpointId), ciphertext);
}
