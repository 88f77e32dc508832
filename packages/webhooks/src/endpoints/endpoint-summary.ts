import { AdsConnectError } from "@adsconnect/errors";

/** What the dashboard and the machine API show of an endpoint: never its secret. */
export interface WebhookEndpointSummary {
  id: string;
  url: string;
  description: string;
  /** Empty: every event type. */
  eventTypes: string[];
  status: "active" | "disabled";
  disabledReason: string | null;
  failingSince: Date | null;
  /** While set and in the future, payloads are signed with the previous secret too. */
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  lastAttempt: { at: Date; status: string; responseCode: number | null } | null;
}

/** The Prisma selection behind a summary. */
export const ENDPOINT_SELECT = {
  id: true,
  url: true,
  description: true,
  eventTypes: true,
  status: true,
  disabledReason: true,
  failingSince: true,
  previousSecretExpiresAt: true,
  createdAt: true,
} as const;

/** An endpoint's row as ENDPOINT_SELECT reads it: the summary but its last attempt. */
export type EndpointRow = Omit<WebhookEndpointSummary, "lastAttempt">;

export function toSummary(
  row: EndpointRow,
  lastAttempt: WebhookEndpointSummary["lastAttempt"] = null,
): WebhookEndpointSummary {
  return { ...row, lastAttempt };
}

/** Another workspace's endpoint answers exactly as one that does not exist. */
export class WebhookEndpointNotFoundError extends AdsConnectError {
  override readonly name = "WebhookEndpointNotFoundError";
  constructor() {
    super(
      "not_found",
      "No such webhook endpoint in this workspace. Pick one from the endpoints list.",
    );
  }
}

/** Endpoints a workspace may have at once. */
export const MAX_ENDPOINTS_PER_WORKSPACE = 20;
