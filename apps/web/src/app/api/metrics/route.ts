import { metricsAnswer } from "@adsconnect/metrics";
import { registerStatusGauges } from "@adsconnect/operations";

import { env } from "@/env";
import { statusThresholds } from "@/server/operations";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

/**
 * Prometheus's scrape of the web process: `Authorization: Bearer <METRICS_TOKEN>` (401 without
 * it), 404 when METRICS_TOKEN is unset. The process's counters plus gauges read from the database
 * when scraped (queue, accounts, heartbeats: @adsconnect/operations).
 */
export async function GET(request: Request) {
  const services = getServices();
  if (env.METRICS_TOKEN !== undefined)
    registerStatusGauges(services.metrics, services, { thresholds: statusThresholds() });
  const answer = await metricsAnswer(
    services.metrics,
    env.METRICS_TOKEN,
    request.headers.get("authorization"),
  );
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
