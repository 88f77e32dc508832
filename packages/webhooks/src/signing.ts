import { Webhook } from "standardwebhooks";

/** The three headers of the Standard Webhooks specification. */
export interface WebhookHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/**
 * Signs `body` as the Standard Webhooks spec says (HMAC-SHA256 of `id.timestamp.body`, `v1,<base64>`)
 * with every secret given, space-separated: during a rotation's overlap a receiver that still
 * holds the previous secret verifies too.
 */
export function signWebhook(
  id: string,
  at: Date,
  body: string,
  secrets: readonly string[],
): WebhookHeaders {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(id, at, body));
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
