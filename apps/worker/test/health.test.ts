// The worker's /health on PORT (apps/worker/railway.json's healthcheckPath), on the bundle started
// as Railway starts it: 200 while the job loop turns and the database answers; 503 "stalled" when
// graphile-worker cannot fetch jobs (its table locked away from it) though Postgres answers; 503
// "unreachable" when the database refuses connections; healthy again after each.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";

import { startWorkerService, type WorkerService } from "../src/testing";
import { startWorkerHarness, type WorkerHarness } from "./support/harness";

let h: WorkerHarness;
let worker: WorkerService;
beforeAll(async () => {
  h = await startWorkerHarness();
  worker = await startWorkerService(
    h.env({ PORT: "0", WORKER_HEALTH_STALE_SECONDS: "2", WORKER_CONCURRENCY: "2" }),
  );
});
afterAll(async () => {
  await worker?.stop();
  await h?.close();
});

interface Health {
  status: string;
  database: string;
  jobLoop: string;
  lastTickSecondsAgo: number;
}

async function health(): Promise<{ code: number; body: Health }> {
  const response = await fetch(`${worker.url}/health`);
  return { code: response.status, body: (await response.json()) as Health };
}

/** Asks /health until its answer has `code` (the test's timeout bounds the wait). */
async function healthBecomes(code: number) {
  for (;;) {
    const answer = await health();
    if (answer.code === code) return answer;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("the worker's /health", () => {
  it("is 200 while the job loop turns and the database answers; anything else is a 404", async () => {
    const { code, body } = await health();
    expect(code).toBe(200);
    expect(body).toMatchObject({ status: "ok", database: "ok", jobLoop: "ok" });
    expect(body.lastTickSecondsAgo).toBeLessThanOrEqual(2);
    expect((await fetch(`${worker.url}/nope`)).status).toBe(404);
    // No METRICS_TOKEN here: metrics are off.
    expect((await fetch(`${worker.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${worker.url}/health`, { method: "POST" })).status).toBe(405);
  });

  it("is 503 (jobLoop stalled) while graphile-worker cannot fetch jobs, 200 once it can again", async () => {
    const client = new pg.Client({ connectionString: h.database.url });
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query("LOCK TABLE graphile_worker._private_jobs IN ACCESS EXCLUSIVE MODE");
      const stalled = await healthBecomes(503);
      expect(stalled.body).toMatchObject({
        status: "unavailable",
        database: "ok",
        jobLoop: "stalled",
      });
      await client.query("ROLLBACK");
      const resumed = await healthBecomes(200);
      expect(resumed.body.jobLoop).toBe("ok");
    } finally {
      await client.end();
    }
  });

  it("is 503 (database unreachable) while Postgres refuses the worker's connections, 200 after", async () => {
    const name = new URL(h.database.url).pathname.slice(1);
    // From another database of the same server: this one will refuse connections.
    const admin = new pg.Client({
      connectionString: h.database.url.replace(`/${name}`, "/postgres"),
    });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = $1 AND application_name = 'adsconnect-worker'`,
        [name],
      );
      const down = await healthBecomes(503);
      expect(down.body).toMatchObject({ status: "unavailable", database: "unreachable" });
    } finally {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await healthBecomes(200);
    expect(worker.output()).not.toContain("unhandled rejection");
  });
});
