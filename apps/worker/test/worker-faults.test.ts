// The worker as a process, keeping a population fresh through Amazon's failures: 500s, 429s with
// Retry-After, timeouts and revoked grants hit a sweep over many accounts; each account ends in the
// state the failure policy names, and no refresh token is lost.
import { decryptAccessToken, decryptRefreshToken } from "@adsconnect/tokens/account-tokens";
import {
  auditTypes,
  createAccount,
  createAccounts,
  createUser,
  readAccount,
} from "@adsconnect/tokens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { queuedJobs, startWorkerHarness, type WorkerHarness } from "./support/harness";
import { spawnWorker, waitWhileAlive, type WorkerProcess } from "./support/worker-process";

let h: WorkerHarness;
let worker: WorkerProcess | undefined;
beforeAll(async () => (h = await startWorkerHarness()));
afterAll(async () => {
  worker?.kill("SIGKILL");
  await worker?.exited;
  await h.close();
});

const sweepNow = () =>
  h.pool.query(`SELECT graphile_worker.add_job('sweep_due_accounts', '{}'::json)`);

describe("a sweep over many accounts while Amazon misbehaves", () => {
  it("ends every account fresh or reauth_required, with every grant intact", async () => {
    const userId = await createUser(h.pool);
    const healthy = await createAccounts(h.pool, h.vault, h.sandbox, 240, {
      userId,
      expiresInSeconds: 120,
    });
    const revoked = await createAccounts(h.pool, h.vault, h.sandbox, 5, {
      userId,
      expiresInSeconds: -60,
    });
    const flaky = await createAccount(h.pool, h.vault, h.sandbox, { expiresInSeconds: 30 });
    for (const a of revoked) await h.sandbox.admin.revokeRefreshToken(a.refreshToken);
    // Targeted first (faults match in order): the flaky account fails three times in a row.
    await h.sandbox.admin.failTokenCalls({
      status: 503,
      count: 3,
      refreshToken: flaky.refreshToken,
    });
    await h.sandbox.admin.failTokenCalls({ status: 500, count: 25 });
    await h.sandbox.admin.failTokenCalls({ status: 429, retryAfterSeconds: 1, count: 25 });
    await h.sandbox.admin.hangTokenCalls({ count: 5 });

    const callsBefore = (await h.sandbox.admin.counters()).token.refresh_token;
    worker = await spawnWorker(
      h.env({
        WORKER_CONCURRENCY: "10",
        AMAZON_TIMEOUT_MS: "1000",
        REFRESH_RETRY_BASE_SECONDS: "0.2",
        REFRESH_MAX_ATTEMPTS: "10",
        // Five refusals among the very first refreshes of a new database look like a mass
        // refusal to the default breaker (5 of the latest 25, tested in
        // packages/tokens/test/refresh-breaker.test.ts): this test is about transient faults,
        // so the breaker opens at 20 here.
        REFRESH_BREAKER_MIN_INVALID_GRANTS: "20",
      }),
    );
    await sweepNow();

    const all = [...healthy, flaky];
    await waitWhileAlive(
      worker,
      async () => {
        const { rows } = await h.pool.query<{ fresh: number; reauth: number }>(
          `SELECT count(*) FILTER (WHERE status = 'active' AND access_token_expires_at > now() + interval '10 minutes')::int AS fresh,
                count(*) FILTER (WHERE status = 'reauth_required')::int AS reauth
           FROM amazon_accounts`,
        );
        return rows[0]!.fresh === all.length && rows[0]!.reauth === revoked.length;
      },
      500,
    );
    await waitWhileAlive(
      worker,
      async () => (await queuedJobs(h.pool, "refresh_account_tokens")).length === 0,
    );

    // Every fault was used up (spent faults leave the list).
    const faults = await h.sandbox.admin.faults();
    expect(faults.tokenFailures).toEqual([]);
    expect(faults.tokenHangs).toEqual([]);

    for (const a of all) {
      const stored = await readAccount(h.pool, a.id);
      expect(stored).toMatchObject({ status: "active", consecutiveFailures: 0 });
      expect(decryptRefreshToken(h.vault, a.id, stored.refreshTokenCiphertext!)).toBe(
        a.refreshToken,
      );
      expect(decryptAccessToken(h.vault, a.id, stored.accessTokenCiphertext!)).toMatch(/^Atza\|/);
    }
    for (const a of revoked) {
      expect(await readAccount(h.pool, a.id)).toMatchObject({
        status: "reauth_required",
        refreshTokenCiphertext: null,
        accessTokenCiphertext: null,
      });
      expect(await auditTypes(h.pool, a.id)).toEqual(["reauth_required"]);
    }
    expect(await auditTypes(h.pool, flaky.id)).toEqual(["token_refresh_failed", "recovered"]);
    // One call per success and per failure, none twice: every fault cost exactly one retry.
    const calls = (await h.sandbox.admin.counters()).token.refresh_token - callsBefore;
    expect(calls).toBe(all.length + revoked.length + 3 + 25 + 25 + 5);
  });
});
