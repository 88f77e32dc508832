// Chaos: 1,000 accounts through repeated sweeps of the worker process while Amazon fails 30 % of
// token calls (500, 429 with Retry-After, timeouts, dropped connections) and Postgres drops every
// one of the worker's connections, twice. Nothing may be lost, nothing refreshed twice, and the
// worker must still be running (and working) at the end.
import { decryptRefreshToken } from "@adsconnect/tokens/account-tokens";
import { createAccounts, createUser, type TestAccount } from "@adsconnect/tokens/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { startWorkerHarness, type WorkerHarness } from "./support/harness";
import { spawnWorker, waitWhileAlive, type WorkerProcess } from "./support/worker-process";

const ACCOUNTS = 1000;
const CONCURRENCY = 10;

let h: WorkerHarness;
let worker: WorkerProcess | undefined;
/** What the sweeps had reached, every few seconds: shown when the test fails. */
const progress: string[] = [];
beforeAll(async () => (h = await startWorkerHarness()));
afterEach(({ task }) => {
  if (task.result?.state === "fail" && worker) {
    console.log(`progress: ${progress.join(" | ")}`);
    console.log(`worker ${worker.pid} logged:\n${worker.logs().slice(-8000)}`);
  }
});
afterAll(async () => {
  if (worker) {
    worker.kill("SIGKILL");
    await worker.exited;
  }
  await h.close();
});

/** A sweep now (one at a time: a sweep still waiting absorbs the next). */
const sweepNow = () =>
  h.pool.query(
    `SELECT graphile_worker.add_job('sweep_due_accounts', '{}'::json, job_key := 'test-sweep')`,
  );

/** Drops every connection the worker process has: its pool, graphile-worker's LISTEN, Prisma's. */
async function dropWorkerConnections(): Promise<number> {
  const { rows } = await h.pool.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = 'adsconnect-worker'`,
  );
  return rows.length;
}

async function heartbeatAt(pid: number): Promise<number> {
  const { rows } = await h.pool.query<{ beat: Date | null }>(
    `SELECT max(beat_at) AS beat FROM worker_heartbeats WHERE pid = $1`,
    [pid],
  );
  return rows[0]?.beat?.getTime() ?? 0;
}

interface AccountState {
  id: string;
  status: string;
  refresh: string | null;
  fresh: boolean;
  refreshed: number;
}

async function accountStates(ids: string[]): Promise<AccountState[]> {
  const { rows } = await h.pool.query<AccountState>(
    `SELECT a.id, a.status, a.refresh_token_ciphertext AS refresh,
            (a.status = 'active' AND a.access_token_expires_at > now() + interval '10 minutes') AS fresh,
            (SELECT count(*)::int FROM audit_events e
              WHERE e.account_id = a.id AND e.type = 'token_refreshed') AS refreshed
       FROM amazon_accounts a WHERE a.id = ANY($1::uuid[])`,
    [ids],
  );
  return rows;
}

describe("chaos", () => {
  it("loses no grant and refreshes no account twice while Amazon fails 30 % of token calls and Postgres drops every connection twice", async () => {
    const userId = await createUser(h.pool);
    const accounts: TestAccount[] = await createAccounts(h.pool, h.vault, h.sandbox, ACCOUNTS, {
      userId,
      expiresInSeconds: 60,
    });
    const ids = accounts.map((a) => a.id);
    await h.sandbox.admin.setTokenChaos({ rate: 0.3, retryAfterSeconds: 1, timeoutMs: 3000 });

    worker = await spawnWorker(
      h.env({
        WORKER_CONCURRENCY: String(CONCURRENCY),
        // Amazon's timeout 1 s (the sandbox holds a "timeout" call for 3 s); retries from 0.2 s.
        AMAZON_TIMEOUT_MS: "1000",
        REFRESH_RETRY_BASE_SECONDS: "0.2",
      }),
    );
    const running = worker;

    // Sweep every second until every account is fresh, dropping every connection at 10 % and 50 %.
    const drops: number[] = [];
    await waitWhileAlive(
      running,
      async () => {
        await sweepNow();
        const states = await accountStates(ids);
        const fresh = states.filter((a) => a.fresh).length;
        const { rows } = await h.pool.query<{ jobs: number; locked: number }>(
          `SELECT count(*)::int AS jobs, count(locked_at)::int AS locked FROM graphile_worker._private_jobs`,
        );
        progress.push(
          `${new Date().toISOString().slice(11, 19)} fresh ${fresh} failing ${states.filter((a) => a.status === "refresh_failing").length} jobs ${rows[0]!.jobs} locked ${rows[0]!.locked} drops ${drops.length}`,
        );
        if (drops.length === 0 && fresh >= ACCOUNTS * 0.1)
          drops.push(await dropWorkerConnections());
        if (drops.length === 1 && fresh >= ACCOUNTS * 0.5)
          drops.push(await dropWorkerConnections());
        return drops.length === 2 && fresh === ACCOUNTS;
      },
      1000,
    );
    expect(drops.every((n) => n > 0)).toBe(true);

    const faults = await h.sandbox.admin.faults();
    const hits = faults.tokenChaos!.hits;
    expect(hits.server_error).toBeGreaterThan(0);
    expect(hits.rate_limited).toBeGreaterThan(0);
    expect(hits.timeout).toBeGreaterThan(0);
    expect(hits.drop).toBeGreaterThan(0);
    await h.sandbox.admin.clearFaults();

    // No grant lost: every account fresh, or refresh_failing with its grant intact; and every
    // stored refresh token is still the one Amazon issued.
    const states = await accountStates(ids);
    expect(states).toHaveLength(ACCOUNTS);
    const byId = new Map(accounts.map((a) => [a.id, a]));
    for (const state of states) {
      expect(state.fresh || state.status === "refresh_failing").toBe(true);
      expect(state.refresh).not.toBeNull();
      expect(decryptRefreshToken(h.vault, state.id, state.refresh!)).toBe(
        byId.get(state.id)!.refreshToken,
      );
    }

    // No account refreshed twice: exactly one stored refresh per account. And Amazon's successful
    // answers that were not stored are at most the refreshes the two drops cut off mid-write (each
    // drop ends at most CONCURRENCY lock holds); nothing else called Amazon twice for one account.
    expect(states.filter((s) => s.refreshed !== 1).map((s) => [s.id, s.refreshed])).toEqual([]);
    const calls = (await h.sandbox.admin.counters()).token.refresh_token;
    const failed = hits.server_error + hits.rate_limited + hits.timeout + hits.drop;
    const answered = calls - failed;
    expect(answered).toBeGreaterThanOrEqual(ACCOUNTS);
    expect(answered - ACCOUNTS).toBeLessThanOrEqual(2 * CONCURRENCY);

    // The worker is still running, and still working: a new account due now is refreshed.
    const [late] = await createAccounts(h.pool, h.vault, h.sandbox, 1, {
      userId,
      expiresInSeconds: 60,
    });
    await waitWhileAlive(
      running,
      async () => {
        await sweepNow();
        return (await accountStates([late!.id]))[0]!.fresh;
      },
      500,
    );
    // Its heartbeat (Prisma's connections were dropped too) still moves.
    const beat = await heartbeatAt(running.pid);
    await waitWhileAlive(running, async () => (await heartbeatAt(running.pid)) > beat);
  }, 180_000);
});
