import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type GaugeConfiguration,
} from "prom-client";

/** The outcomes a token refresh is counted under (RefreshResult's, plus the two failures). */
export type RefreshOutcomeLabel =
  | "refreshed"
  | "already_fresh"
  | "reauth_required"
  | "not_refreshable"
  | "superseded"
  /** Amazon failed (TokenRefreshFailedError): retried by the worker, or refused to the caller. */
  | "failed"
  /** Anything else (the database, a bug). */
  | "error";

/**
 * What became of one webhook delivery attempt: delivered (a 2xx); retry (failed, rescheduled);
 * failed (the whole retry schedule failed: the message failed and its endpoint was disabled);
 * lease_lost (another worker took the message over meanwhile: only logged); error (the attempt
 * could not be recorded: its lease runs out and it is tried again).
 */
export type WebhookAttemptOutcomeLabel = "delivered" | "retry" | "failed" | "lease_lost" | "error";

/** An Amazon endpoint, by fixed name (never an id): see @adsconnect/amazon's endpointName. */
export type AmazonEndpointLabel = string;

/**
 * One process's Prometheus registry and the instruments the code records into. Built once per
 * process by createServices (@adsconnect/services); label values are fixed vocabularies — no
 * account id, email, token or key ever becomes one.
 */
export interface Metrics {
  registry: Registry;
  /** adsconnect_token_refreshes_total{outcome} */
  refreshes: Counter<"outcome">;
  /** adsconnect_token_refresh_duration_seconds{outcome}: lock, Amazon and the write. */
  refreshDuration: Histogram<"outcome">;
  /** adsconnect_amazon_requests_total{endpoint,status}: status is the HTTP code, `timeout` or `network`. */
  amazonRequests: Counter<"endpoint" | "status">;
  /** adsconnect_amazon_request_duration_seconds{endpoint} */
  amazonRequestDuration: Histogram<"endpoint">;
  /** adsconnect_token_handouts_total{outcome}: `ok`, or the refusal's error kind. */
  handouts: Counter<"outcome">;
  /** adsconnect_ads_proxy_requests_total{outcome}: the answer's status class, or `client_closed`. */
  proxyRequests: Counter<"outcome">;
  /** adsconnect_webhook_attempts_total{outcome} (worker): one per delivery attempt. */
  webhookAttempts: Counter<"outcome">;
  /** adsconnect_webhook_attempt_duration_seconds{outcome}: the SSRF check and the POST. */
  webhookAttemptDuration: Histogram<"outcome">;
  /** A gauge computed when scraped (e.g. from the database), in this registry. */
  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, "registers">): Gauge<L>;
}

export interface MetricsOptions {
  /** The `service` label on every series: web, api, worker. */
  service: string;
  /** Node's process metrics (CPU, memory, event loop lag, GC). Default true. */
  processMetrics?: boolean;
}

const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    refreshes: new Counter({
      name: "adsconnect_token_refreshes_total",
      help: "Token refreshes by outcome (worker and inline hand-outs).",
      labelNames: ["outcome"],
      registers,
    }),
    refreshDuration: new Histogram({
      name: "adsconnect_token_refresh_duration_seconds",
      help: "Token refresh latency: the account lock, Login with Amazon and the write.",
      labelNames: ["outcome"],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    amazonRequests: new Counter({
      name: "adsconnect_amazon_requests_total",
      help: "Requests to Amazon (Login with Amazon, Ads API) by endpoint and HTTP status, or timeout/network.",
      labelNames: ["endpoint", "status"],
      registers,
    }),
    amazonRequestDuration: new Histogram({
      name: "adsconnect_amazon_request_duration_seconds",
      help: "Latency of one request to Amazon, by endpoint.",
      labelNames: ["endpoint"],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    handouts: new Counter({
      name: "adsconnect_token_handouts_total",
      help: "Access tokens handed out to internal apps (tokens.getAccessToken), by outcome.",
      labelNames: ["outcome"],
      registers,
    }),
    proxyRequests: new Counter({
      name: "adsconnect_ads_proxy_requests_total",
      help: "Ads API proxy requests by outcome (the answer's status class, or client_closed).",
      labelNames: ["outcome"],
      registers,
    }),
    webhookAttempts: new Counter({
      name: "adsconnect_webhook_attempts_total",
      help: "Webhook delivery attempts by outcome: delivered, retry, failed (schedule exhausted, endpoint disabled), lease_lost, error.",
      labelNames: ["outcome"],
      registers,
    }),
    webhookAttemptDuration: new Histogram({
      name: "adsconnect_webhook_attempt_duration_seconds",
      help: "One webhook delivery attempt: the SSRF check of the URL and the POST, until the answer or the timeout.",
      labelNames: ["outcome"],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    gauge: (config) => new Gauge({ ...config, registers }),
  };
}

/** The class of an HTTP status, as a bounded label value. */
export function statusClass(status: number): "2xx" | "3xx" | "4xx" | "5xx" {
  if (status >= 500) return "5xx";
  if (status >= 400) return "4xx";
  if (status >= 300) return "3xx";
  return "2xx";
}
