import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { ACCOUNT_LOCK_NAMESPACE } from "../src/account-lock";
import { decryptAccessToken, decryptRefreshToken } from "../src/account-tokens";
import { TokenRefreshFailedError } from "../src/errors";
import { refreshAccountTokens } from "../src/refresh-account-tokens";
import { auditTypes, createAccount, readAccount, refreshCalls } from "../src/testing/accounts";
import { startHarness, type Harness } from "./support/harness";

let h: Harness;
beforeAll(async () => (h = await startHarness(testDatabaseUrl())));
afterAll(() => h.close());
afterEach(async () => {
  await h.sandbox.admin.clearFaults();
});

const account = (options: Parameters<typeof createAccount>[3] = {}) =>
  createAccount(h.pool, h.vault, h.sandbox, options);

/** The refresh's rejection, as a TokenRefreshFailedError. */
async function failure(promise: Promise<unknown>): Promise<TokenRefreshFailedError> {
  const error = await promise.then(
    () => new Error("expected the refresh to fail"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenRefreshFailedError);
  return error as TokenRefreshFailedError;
}

describe("refreshAccountTokens", () => {
  it("stores a new access token, encrypted and bound to the row, and keeps the grant", async () => {
    const a = await account();
    const before = await refreshCalls(h.sandbox);
    const result = await refreshAccountTokens(h.services(), a.id);
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);

    expect(result).toMatchObject({ outcome: "refreshed", region: "NA", recovered: false });
    const stored = await readAccount(h.pool, a.id);
    expect(stored.status).toBe("active");
    expect(stored.accessTokenCiphertext).not.toContain("Atza");
    const accessToken = decryptAccessToken(h.vault, a.id, stored.accessTokenCiphertext!);
    expect(accessToken).toMatch(/^Atza\|/);
    expect(accessToken).not.toBe(a.accessToken);
    expect(result.outcome === "refreshed" && result.accessToken).toBe(accessToken);
    expect(stored.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 3000 * 1000);
    expect(stored.lastRefreshedAt).not.toBeNull();
    expect(decryptRefreshToken(h.vault, a.id, stored.refreshTokenCiphertext!)).toBe(a.refreshToken);
    // One token_refreshed event per refresh: the dashboard's refresh-health chart counts them.
    expect(await auditTypes(h.pool, a.id, { routine: true })).toEqual(["token_refreshed"]);
  });

  it("does not call Amazon when the stored token is still fresh, unless forced", async () => {
    const a = await account({ expiresInSeconds: 3000 });
    const before = await refreshCalls(h.sandbox);
    expect(await refreshAccountTokens(h.services(), a.id)).toMatchObject({
      outcome: "already_fresh",
      accessToken: a.accessToken,
    });
    expect(await refreshCalls(h.sandbox)).toBe(before);
    expect(await refreshAccountTokens(h.services(), a.id, { force: true })).toMatchObject({
      outcome: "refreshed",
    });
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);
  });

  it("refreshes a fresh token Amazon refused, but not once a refresh has replaced it", async () => {
    const a = await account({ expiresInSeconds: 3000 });
    const before = await refreshCalls(h.sandbox);
    const replaced = await refreshAccountTokens(h.services(), a.id, {
      rejectedAccessToken: a.accessToken,
    });
    expect(replaced).toMatchObject({ outcome: "refreshed" });
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);
    // A second caller that saw the same old token refused gets the new one, and Amazon is not asked.
    expect(
      await refreshAccountTokens(h.services(), a.id, { rejectedAccessToken: a.accessToken }),
    ).toMatchObject({
      outcome: "already_fresh",
      accessToken: replaced.outcome === "refreshed" ? replaced.accessToken : "",
    });
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);
  });

  it("refreshes once when two refreshes of one account run at the same time", async () => {
    const a = await account();
    await h.sandbox.admin.setLatency({ tokenMs: 300 });
    const before = await refreshCalls(h.sandbox);
    const results = await Promise.all([
      refreshAccountTokens(h.services(), a.id),
      refreshAccountTokens(h.services(), a.id),
    ]);
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);
    expect(results.map((r) => r.outcome).sort()).toEqual(["already_fresh", "refreshed"]);
    const [first, second] = results as [{ accessToken: string }, { accessToken: string }];
    expect(first.accessToken).toBe(second.accessToken);
  });

  it("keeps the stored refresh token when Amazon's answer carries none", async () => {
    const a = await account();
    const { refreshTokenCiphertext } = await readAccount(h.pool, a.id);
    // The real client against the sandbox, with Amazon's refresh token dropped from the answer.
    const amazon = {
      ...h.amazon,
      refreshAccessToken: async (input: Parameters<typeof h.amazon.refreshAccessToken>[0]) => ({
        ...(await h.amazon.refreshAccessToken(input)),
        refreshToken: null,
      }),
    };
    expect(await refreshAccountTokens(h.services({ amazonRefresh: amazon }), a.id)).toMatchObject({
      outcome: "refreshed",
    });
    const stored = await readAccount(h.pool, a.id);
    expect(stored.refreshTokenCiphertext).toBe(refreshTokenCiphertext);
    expect(stored.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it("counts a 500, keeps the grant, and turns refresh_failing at the third failure in a row", async () => {
    const a = await account();
    const { refreshTokenCiphertext } = await readAccount(h.pool, a.id);
    await h.sandbox.admin.failTokenCalls({ status: 500, count: 3, refreshToken: a.refreshToken });

    for (const n of [1, 2, 3]) {
      const error = await failure(refreshAccountTokens(h.services(), a.id));
      expect(error).toMatchObject({
        amazonKind: "server_error",
        retryable: true,
        consecutiveFailures: n,
      });
      const stored = await readAccount(h.pool, a.id);
      expect(stored).toMatchObject({
        status: n < 3 ? "active" : "refresh_failing",
        consecutiveFailures: n,
        lastErrorCode: "server_error",
        refreshTokenCiphertext,
      });
      expect(stored.lastErrorMessage).toBeTruthy();
    }
    expect(await auditTypes(h.pool, a.id)).toEqual(["token_refresh_failed"]);
    // Amazon's request id of the failing call is kept with the event (the operator's page shows it).
    const { rows } = await h.pool.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_events WHERE account_id = $1 AND type = 'token_refresh_failed'`,
      [a.id],
    );
    expect(rows[0]!.details).toMatchObject({
      kind: "server_error",
      consecutiveFailures: 3,
      requestId: expect.stringMatching(/\S{8,}/),
    });

    expect(await refreshAccountTokens(h.services(), a.id)).toMatchObject({
      outcome: "refreshed",
      recovered: true,
    });
    expect(await readAccount(h.pool, a.id)).toMatchObject({
      status: "active",
      consecutiveFailures: 0,
    });
    expect(await auditTypes(h.pool, a.id)).toEqual(["token_refresh_failed", "recovered"]);
  });

  it("honours REFRESH_FAILING_AFTER", async () => {
    const a = await account();
    await h.sandbox.admin.failTokenCalls({ status: 503, count: 1, refreshToken: a.refreshToken });
    await failure(
      refreshAccountTokens(
        h.services({ refresh: { ...h.services().refresh, failingAfter: 1 } }),
        a.id,
      ),
    );
    expect(await readAccount(h.pool, a.id)).toMatchObject({
      status: "refresh_failing",
      consecutiveFailures: 1,
    });
  });

  it("hands on Retry-After from a 429", async () => {
    const a = await account();
    await h.sandbox.admin.failTokenCalls({
      status: 429,
      retryAfterSeconds: 7,
      refreshToken: a.refreshToken,
    });
    const error = await failure(refreshAccountTokens(h.services(), a.id));
    expect(error).toMatchObject({
      amazonKind: "rate_limited",
      retryable: true,
      retryAfterSeconds: 7,
    });
    expect(await readAccount(h.pool, a.id)).toMatchObject({
      status: "active",
      consecutiveFailures: 1,
      lastErrorCode: "temporarily_unavailable",
    });
  });

  it("counts a timeout as a retryable failure and releases the lock", async () => {
    const a = await account();
    const { refreshTokenCiphertext } = await readAccount(h.pool, a.id);
    await h.sandbox.admin.hangTokenCalls({ count: 1, refreshToken: a.refreshToken });
    const error = await failure(
      refreshAccountTokens(h.services({ amazonRefresh: h.amazonWith({ timeoutMs: 300 }) }), a.id),
    );
    expect(error).toMatchObject({ amazonKind: "timeout", retryable: true });
    expect(await readAccount(h.pool, a.id)).toMatchObject({
      consecutiveFailures: 1,
      refreshTokenCiphertext,
    });
    // The lock went with the failed call: the next refresh gets it at once.
    expect(await refreshAccountTokens(h.services(), a.id)).toMatchObject({ outcome: "refreshed" });
  });

  it("marks a revoked grant reauth_required at once, erases its tokens and writes an audit event", async () => {
    const a = await account();
    await h.sandbox.admin.revokeRefreshToken(a.refreshToken);
    const before = await refreshCalls(h.sandbox);
    expect(await refreshAccountTokens(h.services(), a.id)).toEqual({
      outcome: "reauth_required",
      reason: "invalid_grant",
    });
    expect(await readAccount(h.pool, a.id)).toMatchObject({
      status: "reauth_required",
      refreshTokenCiphertext: null,
      accessTokenCiphertext: null,
      accessTokenExpiresAt: null,
      lastErrorCode: "invalid_grant",
    });
    expect(await auditTypes(h.pool, a.id)).toEqual(["reauth_required"]);
    // Nothing is retried: the account is not refreshable any more.
    expect(await refreshAccountTokens(h.services(), a.id)).toEqual({
      outcome: "not_refreshable",
      status: "reauth_required",
    });
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);
  });

  it("keeps every grant when Amazon refuses adsconnect's own credentials (invalid_client)", async () => {
    const a = await account();
    const amazon = h.amazonWith({ clientSecret: "amzn1.oa2-cs.v1.wrong" });
    await expect(
      refreshAccountTokens(h.services({ amazonRefresh: amazon }), a.id),
    ).rejects.toMatchObject({
      name: "TokenRefreshFailedError",
      amazonKind: "invalid_client",
    });
    const stored = await readAccount(h.pool, a.id);
    expect(stored).toMatchObject({
      status: "active",
      consecutiveFailures: 1,
      lastErrorCode: "invalid_client",
    });
    expect(decryptRefreshToken(h.vault, a.id, stored.refreshTokenCiphertext!)).toBe(a.refreshToken);
    // With the right credentials again, the same grant still works.
    expect(await refreshAccountTokens(h.services(), a.id)).toMatchObject({ outcome: "refreshed" });
  });

  it("never writes tokens back into an account disconnected while Amazon was being asked", async () => {
    const a = await account();
    await h.sandbox.admin.setLatency({ tokenMs: 500 });
    const before = await refreshCalls(h.sandbox);
    const refreshing = refreshAccountTokens(h.services(), a.id);
    while ((await refreshCalls(h.sandbox)) === before) await new Promise((r) => setTimeout(r, 20));
    // A disconnect does not take the lock; it simply erases the tokens.
    await h.pool.query(
      `UPDATE amazon_accounts SET status = 'disconnected', refresh_token_ciphertext = NULL,
         access_token_ciphertext = NULL, access_token_expires_at = NULL WHERE id = $1`,
      [a.id],
    );
    expect(await refreshing).toEqual({ outcome: "superseded" });
    expect(await readAccount(h.pool, a.id)).toMatchObject({
      status: "disconnected",
      refreshTokenCiphertext: null,
      accessTokenCiphertext: null,
    });
  });

  it("loses nothing when Postgres drops the lock's connection during the call to Amazon", async () => {
    const a = await account();
    const stored = await readAccount(h.pool, a.id);
    await h.sandbox.admin.setLatency({ tokenMs: 500 });
    const before = await refreshCalls(h.sandbox);
    const refreshing = refreshAccountTokens(h.services(), a.id);
    while ((await refreshCalls(h.sandbox)) === before) await new Promise((r) => setTimeout(r, 20));
    const { rows } = await h.pool.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_locks
        WHERE locktype = 'advisory' AND classid = $1 AND objid = hashtext($2)::oid AND granted`,
      [ACCOUNT_LOCK_NAMESPACE, a.id],
    );
    expect(rows).toEqual([{ terminated: true }]);
    await expect(refreshing).rejects.toThrow();
    // The write never happened: the old tokens stand, the grant is whole, nothing was counted.
    expect(await readAccount(h.pool, a.id)).toEqual(stored);
    await h.sandbox.admin.clearFaults();
    expect(await refreshAccountTokens(h.services(), a.id)).toMatchObject({ outcome: "refreshed" });
  });

  it("answers not_refreshable for an account that does not exist", async () => {
    expect(
      await refreshAccountTokens(h.services(), "0190c3d2-0000-7000-8000-0000000000ff"),
    ).toEqual({
      outcome: "not_refreshable",
      status: "missing",
    });
  });

  it("lets a failure that is not Amazon's through without counting it against the account", async () => {
    const a = await account();
    const amazon = {
      ...h.amazon,
      refreshAccessToken: () => Promise.reject(new RangeError("bug")),
    };
    await expect(refreshAccountTokens(h.services({ amazonRefresh: amazon }), a.id)).rejects.toThrow(
      RangeError,
    );
    expect(await readAccount(h.pool, a.id)).toMatchObject({
      consecutiveFailures: 0,
      status: "active",
    });
  });
});
