import { createDb, type Db } from "@adsconnect/db/client";
import { startLatencyRelay } from "@adsconnect/db-dev/latency-relay";

/**
 * The test database behind a latency relay (@adsconnect/db-dev/latency-relay): every round trip
 * costs 2 × `delayMs` more, and `roundTrips` counts the statements since the last
 * `resetRoundTrips` — a save that went row by row shows up as thousands, deterministically,
 * however loaded the machine.
 */
export async function slowDatabase(databaseUrl: string, delayMs: number) {
  const relay = await startLatencyRelay(databaseUrl, delayMs);
  const db: Db = createDb(relay.url, { max: 5 });
  return {
    db,
    roundTrips: relay.roundTrips,
    resetRoundTrips: relay.resetRoundTrips,
    close: async () => {
      await db.$disconnect();
      await relay.close();
    },
  };
}
