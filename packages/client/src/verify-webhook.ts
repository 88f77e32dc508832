import type { WebhookPayload } from "@adsconnect/webhooks/event-types";
import { Webhook, WebhookVerificationError } from "standardwebhooks";

export { WebhookVerificationError };
export type { WebhookPayload };

/** The three headers in a plain object (node:http's `req.headers` is one). */
interface WebhookHeaderValues {
  "webhook-id"?: string | string[] | undefined;
  "webhook-timestamp"?: string | string[] | undefined;
  "webhook-signature"?: string | string[] | undefined;
}

/** Headers as node:http, fetch's Headers or a plain object give them. */
export type WebhookRequestHeaders =
  | Headers
  | { get(name: string): string | null }
  | WebhookHeaderValues
  | Record<string, string | string[] | undefined>;

const HEADER_NAMES = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;

function readHeaders(headers: WebhookRequestHeaders): Record<string, string> {
  const read = (name: string): string => {
    if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? "";
    const value = (headers as Record<string, string | string[] | undefined>)[name];
    // (A plain object's keys are lower-case, as node:http gives them.)
    return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
  };
  return Object.fromEntries(HEADER_NAMES.map((name) => [name, read(name)]));
}

/**
 * Checks an adsconnect webhook as the Standard Webhooks spec says (the `standardwebhooks`
 * package): the HMAC-SHA256 signature of `webhook-id.webhook-timestamp.body` under `secret`
 * (the endpoint's `whsec_…`; pass an array to accept either of two during your own switch-over),
 * and a timestamp within 5 minutes. Give it the raw body exactly as received (not re-serialized
 * JSON). Returns the parsed payload; throws WebhookVerificationError otherwise. Dedupe on
 * `webhook-id`: a delivery may come twice.
 */
export function verifyWebhook(
  payload: string | Buffer,
  headers: WebhookRequestHeaders,
  secret: string | readonly string[],
): WebhookPayload {
  const secrets = typeof secret === "string" ? [secret] : secret;
  const wanted = readHeaders(headers);
  let failure: unknown = new WebhookVerificationError("No secret given");
  for (const candidate of secrets) {
    try {
      return new Webhook(candidate).verify(payload, wanted) as WebhookPayload;
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}
