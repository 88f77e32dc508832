import { decryptRefreshToken } from "@adsconnect/tokens/account-tokens";
import { auditTypes, createAccount, readAccount, refreshCalls } from "@adsconnect/tokens/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { runRefreshAccountTokens } from "../src/tasks/refresh-account-tokens";
import { retryDelayMs } from "../src/tasks/retry-delay";
import { queuedJobs, startWorkerHarness, type WorkerHarness } from "./support/harness";

let h: WorkerHarness;
beforeAll(async () => (h = await startWorkerHarness()));
afterAll(() => h.close());
afterEach(async () => {
  await h.sandbox.admin.clearFaults();
  await h.pool.query(`DELETE FROM graphile_worker._private_jobs`);
});

const account = (options: Parameters<typeof createAccount>[3] = {}) =>
  createAccount(h.pool, h.vault, h.sandbox, options);
const refresh = (accountId: string, overrides: Parameters<WorkerHarness["services"]>[0] = {}) =>
  runRefreshAccountTokens(h.services(overrides), { accountId }, h.helpers);
const retryOf = async (accountId: string) =>
  (await queuedJobs(h.pool, "refresh_account_tokens")).filter(
    (job) => job.payload.accountId === accountId,
  );

describe("retryDelayMs", () => {
  it("doubles from the base with jitter in the upper half, capped", () => {
    const at = (random: number) => (failures: number) =>
      retryDelayMs(failures, null, { baseMs: 1000, maxMs: 8000, random: () => random });
    expect([1, 2, 3, 4, 5, 6].map(at(0))).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect([1, 2, 3, 4, 5, 6].map(at(1))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it("never retries sooner than Retry-After", () => {
    expect(retryDelayMs(1, 30, { baseMs: 1000, random: () => 1 })).toBe(30_000);
    expect(retryDelayMs(5, 1, { baseMs: 1000, random: () => 1 })).toBe(16_000);
  });
});

describe("the refresh_account_tokens task", () => {
  it("refreshes a due account and schedules nothing", async () => {
    const a = await account({ expiresInSeconds: 120 });
    await refresh(a.id);
    const stored = await readAccount(h.pool, a.id);
    expect(stored.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 3000_000);
    expect(await retryOf(a.id)).toEqual([]);
  });

  it("skips an account another refresh already made fresh", async () => {
    const a = await account({ expiresInSeconds: 1800 });
    const before = await refreshCalls(h.sandbox);
    await refresh(a.id);
    expect(await refreshCalls(h.sandbox)).toBe(before);
  });

  it("reschedules itself after a 429 no sooner than Retry-After, under the same job key", async () => {
    const a = await account();
    await h.sandbox.admin.failTokenCalls({
      status: 429,
      retryAfterSeconds: 120,
      refreshToken: a.refreshToken,
    });
    const before = Date.now();
    await refresh(a.id);
    const [retry, ...others] = await retryOf(a.id);
    expect(others).toEqual([]);
    expect(retry?.key).toBe(`refresh_account_tokens:${a.id}`);
    expect(retry!.run_at.getTime()).toBeGreaterThanOrEqual(before + 120_000);
    expect(await readAccount(h.pool, a.id)).toMatchObject({
      status: "active",
      consecutiveFailures: 1,
    });
  });

  it("reschedules itself after a 500 within the jittered backoff of its failure count", async () => {
    const a = await account({ consecutiveFailures: 2 });
    await h.sandbox.admin.failTokenCalls({ status: 500, refreshToken: a.refreshToken });
    const before = Date.now();
    await refresh(a.id, {
      refresh: { leadSeconds: 600, failingAfter: 3, maxAttempts: 5, retryBaseMs: 10_000 },
    });
    const after = Date.now();
    const [retry] = await retryOf(a.id);
    // Third failure in a row: 10 s × 2² = 40 s, jittered into [20 s, 40 s].
    expect(retry!.run_at.getTime()).toBeGreaterThanOrEqual(before + 20_000);
    expect(retry!.run_at.getTime()).toBeLessThanOrEqual(after + 40_000);
    const stored = await readAccount(h.pool, a.id);
    expect(stored).toMatchObject({
      status: "refresh_failing",
      consecutiveFailures: 3,
      lastErrorCode: "server_error",
    });
    expect(decryptRefreshToken(h.vault, a.id, stored.refreshTokenCiphertext!)).toBe(a.refreshToken);
    expect(await auditTypes(h.pool, a.id)).toEqual(["token_refresh_failed"]);
  });

  it("stops rescheduling once the account has failed REFRESH_MAX_ATTEMPTS times in a row", async () => {
    const a = await account({ consecutiveFailures: 4, status: "refresh_failing" });
    await h.sandbox.admin.failTokenCalls({ status: 503, refreshToken: a.refreshToken });
    await refresh(a.id);
    expect(await retryOf(a.id)).toEqual([]);
    expect(await readAccount(h.pool, a.id)).toMatchObject({
      status: "refresh_failing",
      consecutiveFailures: 5,
    });
  });

  it("reschedules after a timeout", async () => {
    const a = await account();
    await h.sandbox.admin.hangTokenCalls({ refreshToken: a.refreshToken });
    await refresh(a.id, { amazonRefresh: h.amazonWith({ timeoutMs: 300 }) });
    expect(await retryOf(a.id)).toHaveLength(1);
    expect(await readAccount(h.pool, a.id)).toMatchObject({
      consecutiveFailures: 1,
      lastErrorCode: "timeout",
    });
  });

  it("ends a revoked grant in reauth_required without a retry", async () => {
    const a = await account();
    await h.sandbox.admin.revokeRefreshToken(a.refreshToken);
    await refresh(a.id);
    expect(await retryOf(a.id)).toEqual([]);
    expect(await readAccount(h.pool, a.id)).toMatchObject({
      status: "reauth_required",
      refreshTokenCiphertext: null,
    });
    expect(await auditTypes(h.pool, a.id)).toEqual(["reauth_required"]);
  });

  it("recovers a refresh_failing account on its next success", async () => {
    const a = await account({ consecutiveFailures: 3, status: "refresh_failing" });
    await refresh(a.id);
    expect(await readAccount(h.pool, a.id)).toMatchObject({
      status: "active",
      consecutiveFailures: 0,
    });
    expect(await auditTypes(h.pool, a.id)).toEqual(["recovered"]);
  });
});
