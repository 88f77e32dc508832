import type { Services } from "@adsconnect/services";

import { decryptWebhookSecret } from "../secrets";
import { signWebhook } from "../signing";
import { checkWebhookUrl, WebhookUrlRefusedError } from "../ssrf-guard";
import type { ClaimedMessage } from "./claim-messages";
import { postWebhook, type PostOutcome } from "./post-webhook";

/** The secrets a message is signed with: the current one, and the previous one during its overlap. */
export function signingSecrets(
  vault: Services["vault"],
  message: Pick<
    ClaimedMessage,
    "endpointId" | "secretCiphertext" | "previousSecretCiphertext" | "previousSecretExpiresAt"
  >,
  now: Date,
): string[] {
  const secrets = [decryptWebhookSecret(vault, message.endpointId, message.secretCiphertext)];
  if (
    message.previousSecretCiphertext &&
    message.previousSecretExpiresAt &&
    message.previousSecretExpiresAt > now
  )
    secrets.push(decryptWebhookSecret(vault, message.endpointId, message.previousSecretCiphertext));
  return secrets;
}

/**
 * One attempt at one message: the URL checked again under the SSRF rules (the name may resolve
 * elsewhere since it was saved), the body signed now (a retry's `webhook-timestamp` is fresh, so
 * receivers' 5-minute tolerance holds), then POSTed on a connection pinned to the checked address.
 * The whole attempt, name lookup included, has about `timeoutMs` (the POST gets what the lookup
 * left, at least 1 s): the worker's lease on the message (timeoutMs + 5 s) outlasts it, so a slow
 * resolver cannot let a second worker take the message while this one is still posting it.
 */
export async function deliverMessage(
  services: Pick<Services, "vault" | "webhooks" | "now">,
  message: ClaimedMessage,
): Promise<PostOutcome> {
  const started = performance.now();
  const { timeoutMs } = services.webhooks;
  let target;
  try {
    target = await checkWebhookUrl(message.url, services.webhooks);
  } catch (error) {
    if (!(error instanceof WebhookUrlRefusedError)) throw error;
    return {
      responseCode: null,
      responseBody: null,
      error: `refused by the SSRF guard: ${error.message}`,
      durationMs: Math.round(performance.now() - started),
    };
  }
  const now = services.now();
  const body = JSON.stringify(message.payload);
  const headers = signWebhook(
    message.eventId,
    now,
    body,
    signingSecrets(services.vault, message, now),
  );
  // What is left of the attempt's time (at least 1 s: a slow lookup still gets its POST).
  const left = Math.max(1000, Math.round(timeoutMs - (performance.now() - started)));
  return postWebhook(target, { ...headers }, body, left);
}
