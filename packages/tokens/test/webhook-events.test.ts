// The token lifecycle's account events reach the workspace's webhooks outbox in the same
// transaction as the state change (packages/webhooks' recordAccountEvent), and only on a change.
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { createEndpoint } from "@adsconnect/webhooks/endpoints";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { TokenRefreshFailedError } from "../src/errors";
import { flagExpiringConsents } from "../src/flag-expiring-consents";
import { refreshAccountTokens } from "../src/refresh-account-tokens";
import { createAccount } from "../src/testing/accounts";
import { startHarness, type Harness } from "./support/harness";

let h: Harness;
beforeAll(async () => (h = await startHarness(testDatabaseUrl())));
afterAll(() => h.close());
afterEach(async () => {
  await h.sandbox.admin.clearFaults();
});

/** An account whose workspace has one endpoint (any event type). */
async function accountWithEndpoint() {
  const a = await createAccount(h.pool, h.vault, h.sandbox);
  // A public address literal: no DNS, allowed under production rules.
  const { endpoint } = await createEndpoint(h.services(), {
    workspaceId: a.workspaceId,
    createdById: null,
    url: "https://93.184.216.34/hooks",
    eventTypes: [],
  });
  return { ...a, endpointId: endpoint.id };
}

async function eventsOf(accountId: string) {
  const { rows } = await h.pool.query<{
    type: string;
    payload: { data: Record<string, unknown> };
    messages: number;
  }>(
    `SELECT e.type, e.payload, (SELECT count(*)::int FROM webhook_messages m WHERE m.event_id = e.id) AS messages
       FROM webhook_events e WHERE e.account_id = $1 ORDER BY e.created_at, e.id`,
    [accountId],
  );
  return rows;
}

describe("account events from token refreshes", () => {
  it("sends refresh_failing when an account turns failing and recovered when it refreshes again; plain refreshes send nothing", async () => {
    const a = await accountWithEndpoint();
    await refreshAccountTokens(h.services(), a.id, { force: true });
    expect(await eventsOf(a.id)).toEqual([]);

    await h.sandbox.admin.failTokenCalls({ status: 500, count: 3, refreshToken: a.refreshToken });
    for (let n = 0; n < 3; n++)
      await expect(
        refreshAccountTokens(h.services(), a.id, { force: true }),
      ).rejects.toBeInstanceOf(TokenRefreshFailedError);
    await refreshAccountTokens(h.services(), a.id, { force: true });

    const events = await eventsOf(a.id);
    expect(
      events.map((e) => [e.type, e.payload.data.status, e.payload.data.reason, e.messages]),
    ).toEqual([
      ["account.refresh_failing", "refresh_failing", "server_error", 1],
      ["account.recovered", "active", "refreshed after 3 failed attempts", 1],
    ]);
    expect(events[0]!.payload.data).toMatchObject({ accountId: a.id, workspaceId: a.workspaceId });
  });

  it("sends reauth_required when Amazon refuses the grant", async () => {
    const a = await accountWithEndpoint();
    await h.sandbox.admin.revokeRefreshToken(a.refreshToken);
    expect(await refreshAccountTokens(h.services(), a.id, { force: true })).toMatchObject({
      outcome: "reauth_required",
    });
    expect((await eventsOf(a.id)).map((e) => [e.type, e.payload.data.reason])).toEqual([
      ["account.reauth_required", "invalid_grant"],
    ]);
  });

  it("sends consent_expiring once per consent", async () => {
    const a = await accountWithEndpoint();
    await h.pool.query(
      `UPDATE amazon_accounts SET consented_at = now() - interval '340 days' WHERE id = $1`,
      [a.id],
    );
    expect(await flagExpiringConsents(h.services())).toContain(a.id);
    expect(await flagExpiringConsents(h.services())).not.toContain(a.id);
    const events = await eventsOf(a.id);
    expect(events.map((e) => [e.type, e.payload.data.status, e.messages])).toEqual([
      ["account.consent_expiring", "active", 1],
    ]);
    expect(events[0]!.payload.data.reason).toMatch(
      /^consent given \d{4}-\d\d-\d\d may expire by \d{4}-\d\d-\d\d$/,
    );
  });

  it("re-reads each account under its lock before flagging: one disconnected since the first read is not flagged as active", async () => {
    const a = await accountWithEndpoint();
    await h.pool.query(
      `UPDATE amazon_accounts SET consented_at = now() - interval '340 days' WHERE id = $1`,
      [a.id],
    );
    // A disconnect in flight: its transaction holds the account's row, not yet committed.
    const disconnect = await h.pool.connect();
    try {
      await disconnect.query("BEGIN");
      await disconnect.query(`UPDATE amazon_accounts SET status = 'disconnected' WHERE id = $1`, [
        a.id,
      ]);
      const { rows: tx } = await disconnect.query<{ xid: string }>(
        `SELECT pg_current_xact_id()::text AS xid`,
      );
      const flagging = flagExpiringConsents(h.services());
      // Until the flagging waits for the disconnect's transaction (it read the account as active).
      await expect
        .poll(
          async () => {
            const { rows } = await h.pool.query<{ waiting: number }>(
              `SELECT count(*)::int AS waiting FROM pg_locks
              WHERE NOT granted AND locktype = 'transactionid' AND transactionid::text = $1`,
              [tx[0]!.xid],
            );
            return rows[0]!.waiting;
          },
          { timeout: 15_000 },
        )
        .toBeGreaterThan(0);
      await disconnect.query("COMMIT");
      expect(await flagging).not.toContain(a.id);
    } finally {
      disconnect.release();
    }
    expect(await eventsOf(a.id)).toEqual([]);
  });
});
