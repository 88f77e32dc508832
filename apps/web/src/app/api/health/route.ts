import { checkServing } from "@adsconnect/operations";

import { expectedMigrations } from "@/server/operations";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

/**
 * Railway's health check: 200 when this process can serve — the database answers and has every
 * migration in prisma/migrations applied — else 503. Workers are not asked: a worker outage must
 * not block a web deploy (`/api/status` reports them).
 */
export async function GET() {
  const { healthy, body } = await checkServing(getServices().pool, expectedMigrations());
  return Response.json(body, {
    status: healthy ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
