// readSystemStatus on a real database, in each state the status endpoint must tell apart: no
// worker (down), a stale heartbeat (down), a healthy worker (ok), a stalled queue (degraded), and
// refreshes failing at Amazon (degraded) — the last through real refreshes against the sandbox.
import {
  refreshAccountTokens,
  type RefreshServices,
} from "@adsconnect/tokens/refresh-account-tokens";
import { createAccounts, createUser } from "@adsconnect/tokens/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
  DEFAULT_STATUS_THRESHOLDS,
  judgeStatus,
  readSystemStatus,
  statusHttpCode,
  systemStatusOrDown,
} from "../src";
import { beat, startStatusHarness, type StatusHarness } from "./support/harness";

let h: StatusHarness;
beforeAll(async () => (h = await startStatusHarness()));
afterAll(() => h?.close());
beforeEach(async () => {
  await h.services.pool.query(`DELETE FROM worker_heartbeats`);
  await h.services.pool.query(`DELETE FROM graphile_worker._private_jobs`);
  await h.services.pool.query(`DELETE FROM token_refresh_outcomes`);
});

describe("readSystemStatus", () => {
  it("is down with no worker heartbeat at all", async () => {
    const status = await readSystemStatus(h.services);
    expect(status.status).toBe("down");
    expect(status.reasons.map((r) => r.code)).toEqual(["no_fresh_worker"]);
    expect(status.workers).toEqual([]);
    expect(statusHttpCode(status.status)).toBe(503);
  });

  it("is ok with a fresh heartbeat and an idle queue, and reports each worker's heartbeat age", async () => {
    await beat(h.services, "worker-fresh", 3);
    await beat(h.services, "worker-killed-earlier", 900);
    const status = await readSystemStatus(h.services);
    expect(status.status).toBe("ok");
    expect(status.reasons).toEqual([]);
    expect(status.workers).toEqual([
      { workerId: "worker-fresh", heartbeatAgeSeconds: 3, upSeconds: 3, fresh: true },
      {
        workerId: "worker-killed-earlier",
        heartbeatAgeSeconds: 900,
        upSeconds: 900,
        fresh: false,
      },
    ]);
    expect(status.queue).toEqual({
      waiting: 0,
      oldestWaitingSeconds: null,
      running: 0,
      scheduled: 0,
      failed: 0,
    });
    expect(statusHttpCode(status.status)).toBe(200);
  });

  it("is down when the only heartbeat is older than the threshold (a worker killed or hung)", async () => {
    await beat(h.services, "worker-stale", 61);
    const status = await readSystemStatus(h.services);
    expect(status.status).toBe("down");
    expect(status.reasons[0]!.message).toContain("61 s old");
    expect(status.workers[0]).toMatchObject({ heartbeatAgeSeconds: 61, fresh: false });
  });

  it("is degraded when the oldest waiting job has been due longer than the lag threshold (a stalled queue)", async () => {
    await beat(h.services, "worker-alive", 1);
    const now = h.services.now();
    await h.utils.addJob("purge_expired_rows", {}, { runAt: new Date(now.getTime() - 600_000) });
    await h.utils.addJob("purge_expired_rows", {}, { runAt: new Date(now.getTime() - 30_000) });
    await h.utils.addJob("purge_expired_rows", {}, { runAt: new Date(now.getTime() + 600_000) });
    const status = await readSystemStatus(h.services, { now });
    expect(status.status).toBe("degraded");
    expect(status.reasons.map((r) => r.code)).toEqual(["queue_lag"]);
    expect(status.queue).toEqual({
      waiting: 2,
      oldestWaitingSeconds: 600,
      running: 0,
      scheduled: 1,
      failed: 0,
    });
    expect(statusHttpCode(status.status)).toBe(503);
    // Within the threshold it is ok again.
    const lenient = await readSystemStatus(h.services, {
      now,
      thresholds: { ...DEFAULT_STATUS_THRESHOLDS, queueLagSeconds: 601 },
    });
    expect(lenient.status).toBe("ok");
  });

  it("is degraded when refreshes fail at Amazon, counting due accounts and the last hour's outcomes", async () => {
    await beat(h.services, "worker-alive", 1);
    const userId = await createUser(h.services.pool);
    const accounts = await createAccounts(h.services.pool, h.services.vault, h.sandbox, 12, {
      userId,
      expiresInSeconds: 120,
    });
    const before = await readSystemStatus(h.services);
    expect(before.refresh.dueAccounts).toBeGreaterThanOrEqual(12);
    expect(before.refresh.oldestDueExpiresInSeconds).toBeLessThanOrEqual(120);

    // Two succeed, ten fail with 500s: 2 / 12 < 0.9, over the 10-outcome minimum.
    const services: RefreshServices = h.services;
    for (const account of accounts.slice(0, 2))
      await refreshAccountTokens(services, account.id, { force: true });
    await h.sandbox.admin.failTokenCalls({ status: 500, count: 10 });
    for (const account of accounts.slice(2))
      await expect(refreshAccountTokens(services, account.id, { force: true })).rejects.toThrow();

    const status = await readSystemStatus(h.services);
    expect(status.refresh.lastHour).toMatchObject({ succeeded: 2, failing: 10 });
    expect(status.refresh.lastHour.successRate).toBeCloseTo(2 / 12, 3);
    expect(status.status).toBe("degraded");
    expect(status.reasons.map((r) => r.code)).toEqual(["refresh_success_low"]);
    // The ten still due, the two refreshed no longer.
    expect(status.refresh.dueAccounts).toBe(before.refresh.dueAccounts - 2);

    // No account id, email or token anywhere in what the endpoint would answer.
    const text = JSON.stringify(status);
    for (const account of accounts) {
      expect(text).not.toContain(account.id);
      expect(text).not.toContain(account.refreshToken);
    }
    expect(text).not.toContain(userId);
    expect(text).not.toContain("worker-host");
  });

  it("is degraded while the mass-revocation breaker is open (Amazon refusing many grants), with counts only", async () => {
    await beat(h.services, "worker-fresh", 1);
    const before = await readSystemStatus(h.services);
    expect(before.breaker).toMatchObject({ state: "closed", open: false, invalidGrantCount: 0 });
    // Five refusals held in the window: what the breaker writes when Amazon refuses every grant.
    await h.services.pool.query(
      `INSERT INTO token_refresh_outcomes (account_id, verdict)
       SELECT gen_random_uuid(), 'held' FROM generate_series(1, 5)`,
    );
    const status = await readSystemStatus(h.services);
    expect(status.status).toBe("degraded");
    // (The previous test's failed refreshes may still count against the hour's success rate.)
    expect(status.reasons.map((r) => r.code)).toContain("breaker_open");
    expect(status.breaker).toMatchObject({
      state: "open",
      open: true,
      invalidGrantCount: 5,
      refreshCount: 5,
      heldCount: 5,
      openedAt: expect.any(String),
    });
    expect(JSON.stringify(status.breaker)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it("says down (database_unreachable) instead of throwing when the database does not answer", async () => {
    const broken = {
      ...h.services,
      pool: { query: () => Promise.reject(new Error("connect ECONNREFUSED")) },
    } as unknown as typeof h.services;
    const status = await systemStatusOrDown(broken);
    expect(status.status).toBe("down");
    expect(status.reasons.map((r) => r.code)).toEqual(["database_unreachable"]);
  });
});

describe("judgeStatus", () => {
  const healthy = {
    workers: [{ workerId: "w", heartbeatAgeSeconds: 1, upSeconds: 5, fresh: true }],
    queue: { waiting: 0, oldestWaitingSeconds: null, running: 0, scheduled: 0, failed: 0 },
    refresh: {
      dueAccounts: 0,
      oldestDueExpiresAt: null,
      oldestDueExpiresInSeconds: null,
      lastHour: { succeeded: 3, failing: 2, becameFailing: 0, reauthRequired: 0, successRate: 0.6 },
    },
  };

  it("ignores a low success rate over fewer outcomes than the minimum", () => {
    expect(judgeStatus(healthy, DEFAULT_STATUS_THRESHOLDS).status).toBe("ok");
  });

  const closedBreaker = {
    state: "closed" as const,
    open: false,
    invalidGrantCount: 0,
    refreshCount: 0,
    heldCount: 0,
    windowSeconds: 600,
    openedAt: null,
  };

  it("is degraded when the breaker is open, ok when it is closed", () => {
    expect(
      judgeStatus(
        { ...healthy, breaker: { ...closedBreaker, state: "open", open: true } },
        DEFAULT_STATUS_THRESHOLDS,
      ),
    ).toMatchObject({ status: "degraded", reasons: [{ code: "breaker_open" }] });
    expect(
      judgeStatus({ ...healthy, breaker: closedBreaker }, DEFAULT_STATUS_THRESHOLDS).status,
    ).toBe("ok");
  });
});
