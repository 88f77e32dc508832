import type { IncomingMessage, ServerResponse } from "node:http";

import { metricsAnswer, type Metrics } from "@adsconnect/metrics";

/** Prometheus's scrape path on the machine API. */
export const METRICS_PATH = "/metrics";

/**
 * `GET /metrics`: the process's registry for `Authorization: Bearer <METRICS_TOKEN>` (401
 * without it), 404 when METRICS_TOKEN is unset.
 */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: Metrics,
  token: string | undefined,
): Promise<void> {
  const answer = await metricsAnswer(metrics, token, req.headers.authorization);
  res.writeHead(answer.status, {
    ...answer.headers,
    "content-length": Buffer.byteLength(answer.body),
  });
  res.end(answer.body);
}
