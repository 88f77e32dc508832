import { statusHttpCode, systemStatusOrDown } from "@adsconnect/operations";

import { statusThresholds } from "@/server/operations";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

/**
 * For uptime monitors: the workers' heartbeats, the job queue, accounts due for a refresh and the
 * last hour's refresh outcomes, with an overall `ok` (200), `degraded` or `down` (503). Aggregates
 * only: no token, key, account id, email or host. Public, like the health check.
 */
export async function GET() {
  const status = await systemStatusOrDown(getServices(), { thresholds: statusThresholds() });
  return Response.json(status, {
    status: statusHttpCode(status.status),
    headers: { "cache-control": "no-store" },
  });
}
