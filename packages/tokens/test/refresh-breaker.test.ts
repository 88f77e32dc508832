// The mass-revocation breaker: Amazon refusing every grant at once (another security profile's
// credentials) must not erase every customer's refresh token; one revoked grant still is erased.
import { cloneTestDatabase, type TestDatabase } from "@adsconnect/db-dev/testing";
import { createServices, servicesEnv, type Services } from "@adsconnect/services";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { decryptRefreshToken } from "../src/account-tokens";
import { TokenRefreshFailedError } from "../src/errors";
import { refreshAccountTokens } from "../src/refresh-account-tokens";
import { readRefreshBreaker } from "../src/refresh-breaker";
import { auditTypes, createAccounts, readAccount, type TestAccount } from "../src/testing/accounts";
import { startHarness, type Harness } from "./support/harness";

// A database of this file's own: the breaker weighs every refresh of the database.
let database: TestDatabase;
let h: Harness;
/** A second process's services: a pool, vault and Amazon client of its own, sharing only Postgres. */
let other: Services;
beforeAll(async () => {
  database = await cloneTestDatabase();
  h = await startHarness(database.url);
  other = createServices(servicesEnv({ runtimeEnv: h.env }), {
    name: "tokens-test-other",
    logger: h.logger,
    poolMax: 20,
    refreshMaxAttempts: 1,
  });
});
afterAll(async () => {
  await other.close();
  await h.close();
  await database.drop();
});
beforeEach(async () => {
  await h.pool.query(`DELETE FROM token_refresh_outcomes`);
});
afterEach(async () => {
  await h.sandbox.admin.clearFaults();
});

/** Refreshes every account at once, half of them from the other "process". */
const refreshAll = (accounts: TestAccount[]) =>
  Promise.allSettled(
    accounts.map((a, i) => refreshAccountTokens(i % 2 ? other : h.services(), a.id)),
  );

/** Every refresh token is still the one Amazon issued: nothing erased, nothing replaced by garbage. */
async function expectGrantsKept(accounts: TestAccount[]) {
  for (const a of accounts) {
    const stored = await readAccount(h.pool, a.id);
    expect(stored.refreshTokenCiphertext).not.toBeNull();
    expect(decryptRefreshToken(h.vault, a.id, stored.refreshTokenCiphertext!)).toBe(a.refreshToken);
  }
}

describe("the mass-revocation breaker", () => {
  it("erases no grant when Amazon refuses the refreshes of 50 accounts, and every account is active again once it stops", async () => {
    const accounts = await createAccounts(h.pool, h.vault, h.sandbox, 50);
    // Amazon answers invalid_grant to every refresh, as it does to another security profile's client.
    await h.sandbox.admin.failTokenCalls({
      status: 400,
      count: 1_000_000,
      grantType: "refresh_token",
    });
    // Amazon takes a second, so the refreshes of a sweep are all waiting on it when the first
    // answer comes back (as with a real sweep); the breaker counts those as refusals to come.
    await h.sandbox.admin.setLatency({ tokenMs: 1000 });

    const refused = await refreshAll(accounts);
    expect(refused.filter((result) => result.status === "fulfilled")).toEqual([]);
    for (const result of refused) {
      const error = (result as PromiseRejectedResult).reason as TokenRefreshFailedError;
      expect(error).toBeInstanceOf(TokenRefreshFailedError);
      expect(error).toMatchObject({
        amazonKind: "invalid_grant",
        held: true,
        retryable: true,
        kind: "unavailable",
      });
    }
    await expectGrantsKept(accounts);
    for (const a of accounts) {
      expect(await readAccount(h.pool, a.id)).toMatchObject({
        status: "refresh_failing",
        lastErrorCode: "invalid_grant",
      });
      expect(await auditTypes(h.pool, a.id)).toEqual(["token_refresh_failed"]);
    }
    // Each held grant's event names Amazon's code and request id (the operator's page lists them).
    const { rows: held } = await h.pool.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_events WHERE type = 'token_refresh_failed' AND account_id = ANY($1)`,
      [accounts.map((a) => a.id)],
    );
    expect(held).toHaveLength(50);
    for (const { details } of held)
      expect(details).toMatchObject({
        code: "invalid_grant",
        held: true,
        requestId: expect.stringMatching(/\S{8,}/),
      });
    const open = await readRefreshBreaker(h.services());
    expect(open).toMatchObject({
      state: "open",
      invalidGrantCount: 25,
      refreshCount: 25,
      heldCount: 50,
      windowSeconds: 600,
    });
    expect(open.openedAt).toBeInstanceOf(Date);

    // Retried while Amazon still refuses: still held.
    await refreshAll(accounts.slice(0, 5));
    await expectGrantsKept(accounts);

    // Amazon recovers: every held account refreshes and is active again.
    await h.sandbox.admin.clearFaults();
    const recovered = await refreshAll(accounts);
    for (const result of recovered)
      expect(result).toMatchObject({
        status: "fulfilled",
        value: { outcome: "refreshed", recovered: true },
      });
    for (const a of accounts)
      expect(await readAccount(h.pool, a.id)).toMatchObject({
        status: "active",
        consecutiveFailures: 0,
      });
    // And the breaker closed by itself: the latest verdicts are accepted refreshes.
    expect(await readRefreshBreaker(h.services())).toMatchObject({
      state: "closed",
      invalidGrantCount: 0,
      refreshCount: 25,
    });
    expect((await readRefreshBreaker(h.services())).openedAt).toBeUndefined();
  });

  it("still erases one revoked grant among many healthy ones at once, even amid a burst of refreshes", async () => {
    const healthy = await createAccounts(h.pool, h.vault, h.sandbox, 30);
    for (const result of await refreshAll(healthy))
      expect(result).toMatchObject({ status: "fulfilled", value: { outcome: "refreshed" } });
    const [revoked] = await createAccounts(h.pool, h.vault, h.sandbox, 1);
    await h.sandbox.admin.revokeRefreshToken(revoked!.refreshToken);

    expect(await refreshAccountTokens(h.services(), revoked!.id)).toEqual({
      outcome: "reauth_required",
      reason: "invalid_grant",
    });
    expect(await readAccount(h.pool, revoked!.id)).toMatchObject({
      status: "reauth_required",
      refreshTokenCiphertext: null,
    });
    expect(await auditTypes(h.pool, revoked!.id)).toEqual(["reauth_required"]);

    // Another revoked grant, refreshed together with 15 healthy accounts all waiting on Amazon:
    // the latest verdicts are healthy, so the refreshes in flight do not count against it.
    const busy = await createAccounts(h.pool, h.vault, h.sandbox, 15);
    const [another] = await createAccounts(h.pool, h.vault, h.sandbox, 1);
    await h.sandbox.admin.revokeRefreshToken(another!.refreshToken);
    await h.sandbox.admin.setLatency({ tokenMs: 500 });
    const burst = await refreshAll([...busy, another!]);
    expect(burst.at(-1)).toEqual({
      status: "fulfilled",
      value: { outcome: "reauth_required", reason: "invalid_grant" },
    });
    expect(await readAccount(h.pool, another!.id)).toMatchObject({
      status: "reauth_required",
      refreshTokenCiphertext: null,
    });
    expect(await readRefreshBreaker(h.services())).toMatchObject({
      state: "closed",
      invalidGrantCount: 2,
      refreshCount: 25,
      heldCount: 0,
    });
  });

  it("opens at the fifth refusal in a row, whichever process met them, and closes when the window moves past them", async () => {
    const accounts = await createAccounts(h.pool, h.vault, h.sandbox, 8);
    for (const a of accounts) await h.sandbox.admin.revokeRefreshToken(a.refreshToken);
    const outcomes: string[] = [];
    for (const [i, a] of accounts.entries()) {
      const result = await refreshAccountTokens(i % 2 ? other : h.services(), a.id).catch(
        (error: unknown) => error,
      );
      outcomes.push(
        result instanceof TokenRefreshFailedError && result.held
          ? "held"
          : (result as { outcome: string }).outcome,
      );
    }
    // Four isolated refusals are four revocations; the fifth within the window opens the breaker.
    expect(outcomes).toEqual([
      "reauth_required",
      "reauth_required",
      "reauth_required",
      "reauth_required",
      "held",
      "held",
      "held",
      "held",
    ]);
    expect(await readRefreshBreaker(h.services())).toMatchObject({
      state: "open",
      invalidGrantCount: 8,
      refreshCount: 8,
      heldCount: 4,
    });
    // The window moves past the refusals: closed again, and a held grant Amazon still refuses is erased.
    const later = new Date(Date.now() + 11 * 60_000);
    const afterWindow = h.services({ now: () => later });
    expect((await readRefreshBreaker(afterWindow)).state).toBe("closed");
    expect(await refreshAccountTokens(afterWindow, accounts[4]!.id, { force: true })).toEqual({
      outcome: "reauth_required",
      reason: "invalid_grant",
    });
  });
});
