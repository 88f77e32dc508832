import { timingSafeEqual, createHash } from "node:crypto";

import type { Metrics } from "./metrics";

export interface MetricsAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * What `/metrics` answers: 404 when METRICS_TOKEN is unset (metrics off), 401 unless the request
 * sends `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time), else the registry in
 * Prometheus's text format.
 */
export async function metricsAnswer(
  metrics: Pick<Metrics, "registry">,
  token: string | undefined,
  authorization: string | null | undefined,
): Promise<MetricsAnswer> {
  const plain = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };
  if (token === undefined) return { status: 404, headers: plain, body: "Not found.\n" };
  const match = /^Bearer ([^\s]+)$/.exec(authorization ?? "");
  if (!match || !timingSafeEqual(digest(match[1]!), digest(token)))
    return {
      status: 401,
      headers: { ...plain, "www-authenticate": 'Bearer realm="metrics"' },
      body: "Send Authorization: Bearer <METRICS_TOKEN>.\n",
    };
  return {
    status: 200,
    headers: { "content-type": metrics.registry.contentType, "cache-control": "no-store" },
    body: await metrics.registry.metrics(),
  };
}
