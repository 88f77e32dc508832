import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import type { InlineRefresh } from "@adsconnect/services";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { ACCOUNT_LOCK_NAMESPACE } from "../src/account-lock";
import {
  AccessTokenUnavailableError,
  AccountLockBusyError,
  AccountNeedsReconnectError,
  AccountNotFoundError,
} from "../src/errors";
import { BUSY_RETRY_AFTER_SECONDS, getAccessToken } from "../src/get-access-token";
import { createAccount, readAccount, refreshCalls } from "../src/testing/accounts";
import { startHarness, type Harness } from "./support/harness";

let h: Harness;
beforeAll(async () => (h = await startHarness(testDatabaseUrl())));
afterAll(() => h.close());
afterEach(async () => {
  await h.sandbox.admin.clearFaults();
});

const account = (options: Parameters<typeof createAccount>[3] = {}) =>
  createAccount(h.pool, h.vault, h.sandbox, options);

describe("getAccessToken", () => {
  it("hands out the stored token with the client id, region and Ads API URL, without calling Amazon", async () => {
    const a = await account({ expiresInSeconds: 1800 });
    const before = await refreshCalls(h.sandbox);
    const grant = await getAccessToken(h.services(), {
      accountId: a.id,
      workspaceId: a.workspaceId,
    });
    expect(grant).toEqual({
      accessToken: a.accessToken,
      expiresAt: expect.any(Date),
      clientId: h.sandbox.clientId,
      region: "NA",
      adsApiUrl: h.sandbox.baseUrl("na"),
      regions: {
        na: { adsApiUrl: h.sandbox.baseUrl("na") },
        eu: { adsApiUrl: h.sandbox.baseUrl("eu") },
        fe: { adsApiUrl: h.sandbox.baseUrl("fe") },
      },
    });
    expect(await refreshCalls(h.sandbox)).toBe(before);
  });

  it("refreshes inline when the token is within 60 s of expiry", async () => {
    const a = await account({ expiresInSeconds: 30 });
    const before = await refreshCalls(h.sandbox);
    const grant = await getAccessToken(h.services(), {
      accountId: a.id,
      workspaceId: a.workspaceId,
    });
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);
    expect(grant.accessToken).not.toBe(a.accessToken);
    expect(grant.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3000 * 1000);
  });

  it("answers NOT_FOUND alike for another workspace's account and for no account at all", async () => {
    const a = await account({ expiresInSeconds: 1800 });
    const b = await account({ expiresInSeconds: 1800 });
    for (const accountId of [a.id, "0190c3d2-0000-7000-8000-0000000000ff", "not-a-uuid"])
      await expect(
        getAccessToken(h.services(), { accountId, workspaceId: b.workspaceId }),
      ).rejects.toThrow(AccountNotFoundError);
  });

  it.each(["reauth_required", "disconnected"] as const)(
    "tells the caller to have the owner reconnect a %s account",
    async (status) => {
      const a = await account({ status, expiresInSeconds: 1800 });
      const error = await getAccessToken(h.services(), {
        accountId: a.id,
        workspaceId: a.workspaceId,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AccountNeedsReconnectError);
      expect(error).toMatchObject({ status });
      expect((error as Error).message).toMatch(/reconnect|connect it again/);
    },
  );

  it("tells the caller to have the owner reconnect when Amazon refuses the grant during an inline refresh", async () => {
    const a = await account({ expiresInSeconds: -10 });
    await h.sandbox.admin.revokeRefreshToken(a.refreshToken);
    await expect(
      getAccessToken(h.services(), { accountId: a.id, workspaceId: a.workspaceId }),
    ).rejects.toThrow(AccountNeedsReconnectError);
    expect(await readAccount(h.pool, a.id)).toMatchObject({
      status: "reauth_required",
      refreshTokenCiphertext: null,
    });
  });

  it("hands out the old token while it lasts when an inline refresh fails, and says 'try again' once it has run out", async () => {
    const live = await account({ expiresInSeconds: 30 });
    await h.sandbox.admin.failTokenCalls({ status: 503, refreshToken: live.refreshToken });
    expect(
      (await getAccessToken(h.services(), { accountId: live.id, workspaceId: live.workspaceId }))
        .accessToken,
    ).toBe(live.accessToken);

    const expired = await account({ expiresInSeconds: -30 });
    await h.sandbox.admin.failTokenCalls({
      status: 429,
      retryAfterSeconds: 3,
      refreshToken: expired.refreshToken,
    });
    const error = await getAccessToken(h.services(), {
      accountId: expired.id,
      workspaceId: expired.workspaceId,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessTokenUnavailableError);
    expect(error).toMatchObject({ retryAfterSeconds: 3 });
    expect(await readAccount(h.pool, expired.id)).toMatchObject({
      status: "active",
      consecutiveFailures: 1,
    });
  });

  it("does not tell the caller to 'try again' when Amazon refuses adsconnect's own credentials", async () => {
    const expired = await account({ expiresInSeconds: -30 });
    const amazon = h.amazonWith({ clientSecret: "amzn1.oa2-cs.v1.wrong" });
    const inlineRefresh = { ...h.services().inlineRefresh, amazon };
    const error = await getAccessToken(h.services({ inlineRefresh }), {
      accountId: expired.id,
      workspaceId: expired.workspaceId,
    }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(AccessTokenUnavailableError);
    expect(error).toMatchObject({ name: "TokenRefreshFailedError", amazonKind: "invalid_client" });
    expect(await readAccount(h.pool, expired.id)).toMatchObject({ status: "active" });
  });

  it("hands out another token when the caller says Amazon refused the stored one, one refresh for a burst", async () => {
    const a = await account({ expiresInSeconds: 1800 });
    await h.sandbox.admin.setLatency({ tokenMs: 200 });
    const before = await refreshCalls(h.sandbox);
    const ask = () =>
      getAccessToken(h.services(), {
        accountId: a.id,
        workspaceId: a.workspaceId,
        rejectedAccessToken: a.accessToken,
      });
    const burst = await Promise.all(Array.from({ length: 20 }, ask));
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);
    const tokens = new Set(burst.map((g) => g.accessToken));
    expect(tokens.size).toBe(1);
    expect(tokens.has(a.accessToken)).toBe(false);
    // Late callers with the old refused token get the replacement without a refresh of their own.
    expect((await ask()).accessToken).toBe(burst[0]!.accessToken);
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);
  });

  it("never hands the refused token back when the refresh fails", async () => {
    const a = await account({ expiresInSeconds: 1800 });
    await h.sandbox.admin.failTokenCalls({ status: 503, refreshToken: a.refreshToken });
    const error = await getAccessToken(h.services(), {
      accountId: a.id,
      workspaceId: a.workspaceId,
      rejectedAccessToken: a.accessToken,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessTokenUnavailableError);
  });

  it("makes one refresh for calls that spell the account id differently (capitals, as z.uuid accepts)", async () => {
    const a = await account({ expiresInSeconds: 20 });
    await h.sandbox.admin.setLatency({ tokenMs: 200 });
    const before = await refreshCalls(h.sandbox);
    const grants = await Promise.all(
      [a.id, a.id.toUpperCase(), a.id, a.id.toUpperCase()].map((accountId) =>
        getAccessToken(h.services(), { accountId, workspaceId: a.workspaceId }),
      ),
    );
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);
    expect(new Set(grants.map((g) => g.accessToken)).size).toBe(1);
  });

  it("makes exactly one refresh for 200 concurrent calls from two processes", async () => {
    const a = await account({ expiresInSeconds: 20 });
    // Latency widens the window in which the calls overlap; the count must be one whatever it is.
    await h.sandbox.admin.setLatency({ tokenMs: 200 });
    const other = spawnBurst({
      env: h.env,
      accountId: a.id,
      workspaceId: a.workspaceId,
      count: 100,
    });
    await other.ready;
    const before = await refreshCalls(h.sandbox);

    other.go();
    const here = await Promise.all(
      Array.from({ length: 100 }, () =>
        getAccessToken(h.services(), { accountId: a.id, workspaceId: a.workspaceId }),
      ),
    );
    const there = await other.result;

    expect(there.errors).toEqual([]);
    expect(there.tokens).toHaveLength(100);
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);
    const tokens = new Set([...here.map((g) => g.accessToken), ...there.tokens]);
    expect(tokens.size).toBe(1);
    expect(tokens.has(a.accessToken)).toBe(false);
  });
});

describe("getAccessToken's inline refreshes, bounded so a slow Amazon never starves the pool", () => {
  /** The harness's services with other inline-refresh settings (and so a limit of their own). */
  const withInline = (settings: Partial<InlineRefresh>) =>
    h.services({ inlineRefresh: { ...h.services().inlineRefresh, ...settings } });
  const askFor = (
    services: ReturnType<typeof h.services>,
    a: { id: string; workspaceId: string },
  ) => getAccessToken(services, { accountId: a.id, workspaceId: a.workspaceId });

  it("hands out a still-valid token at once while Amazon is slow, renewing it in the background", async () => {
    const services = withInline({ waitMs: 0 });
    const a = await account({ expiresInSeconds: 30 });
    await h.sandbox.admin.setLatency({ tokenMs: 1500 });
    const before = await refreshCalls(h.sandbox);

    expect((await askFor(services, a)).accessToken).toBe(a.accessToken);
    // The refresh it started goes on without the caller and stores the renewed token.
    const renewedBy = Date.now() + 3000 * 1000;
    await expect
      .poll(async () => (await readAccount(h.pool, a.id)).accessTokenExpiresAt!.getTime(), {
        timeout: 15_000,
      })
      .toBeGreaterThan(renewedBy);
    expect((await askFor(services, a)).accessToken).not.toBe(a.accessToken);
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);
  });

  it("starts no more inline refreshes than its limit: past it, a still-valid token as it is, else 'try again shortly', without asking Amazon", async () => {
    const services = withInline({ concurrency: 1 });
    const busy = await account({ expiresInSeconds: -30 });
    const expired = await account({ expiresInSeconds: -30 });
    const nearExpiry = await account({ expiresInSeconds: 30 });
    // Amazon holds the first refresh, which takes the one permit.
    await h.sandbox.admin.hangTokenCalls({ refreshToken: busy.refreshToken, durationMs: 2000 });
    const before = await refreshCalls(h.sandbox);
    const holding = askFor(services, busy).catch((e: unknown) => e);
    await expect.poll(() => refreshCalls(h.sandbox)).toBe(before + 1);

    const refused = await askFor(services, expired).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AccessTokenUnavailableError);
    expect(refused).toMatchObject({ reason: "busy", retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS });
    expect((refused as Error).message).toMatch(/try again in a few seconds/);
    expect((await askFor(services, nearExpiry)).accessToken).toBe(nearExpiry.accessToken);
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);

    // Once the first is over, its permit is back: the next caller refreshes.
    expect(await holding).toBeInstanceOf(AccessTokenUnavailableError);
    expect((await askFor(services, expired)).accessToken).not.toBe(expired.accessToken);
    expect(await refreshCalls(h.sandbox)).toBe(before + 2);
  });

  it("waits for the account's lock, held by another refresh, no longer than lockWaitMs", async () => {
    const services = withInline({ lockWaitMs: 300 });
    const expired = await account({ expiresInSeconds: -30 });
    const nearExpiry = await account({ expiresInSeconds: 30 });
    const other = await h.pool.connect();
    try {
      for (const a of [expired, nearExpiry])
        await other.query("SELECT pg_advisory_lock($1, hashtext($2))", [
          ACCOUNT_LOCK_NAMESPACE,
          a.id,
        ]);
      const before = await refreshCalls(h.sandbox);
      const refused = await askFor(services, expired).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AccessTokenUnavailableError);
      expect(refused).toMatchObject({ reason: "busy" });
      expect((refused as Error).cause).toBeInstanceOf(AccountLockBusyError);
      expect((await askFor(services, nearExpiry)).accessToken).toBe(nearExpiry.accessToken);
      expect(await refreshCalls(h.sandbox)).toBe(before);
    } finally {
      await other.query("SELECT pg_advisory_unlock_all()");
      other.release();
    }
    // The lock free, the same call refreshes.
    expect((await askFor(services, expired)).accessToken).not.toBe(expired.accessToken);
  }, 20_000);

  it("asks Amazon once inline, even when the process's refresh client would retry", async () => {
    const expired = await account({ expiresInSeconds: -30 });
    await h.sandbox.admin.failTokenCalls({
      status: 503,
      count: 3,
      refreshToken: expired.refreshToken,
    });
    const retrying = h.amazonWith({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
    const before = await refreshCalls(h.sandbox);
    const error = await askFor(h.services({ amazonRefresh: retrying }), expired).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AccessTokenUnavailableError);
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);
  });
});

function spawnBurst(config: Record<string, unknown>) {
  const script = fileURLToPath(new URL("./fixtures/handout-burst.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, JSON.stringify(config)], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error("the burst process ended early");
    return value as string;
  };
  const ready = next().then((line) => expect(line).toBe("ready"));
  return {
    ready,
    go: () => child.stdin.write("go\n"),
    result: ready
      .then(next)
      .then((line) => JSON.parse(line) as { tokens: string[]; errors: string[] }),
  };
}
