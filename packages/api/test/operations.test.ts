// The operator's page's procedures (operations.*) on a database of this file's own (they read
// across all tenants), with refresh failures made by real refreshes against the Amazon sandbox:
// an operator in ADMIN_USER_IDS sees the worker down, the breaker open, the last failures with
// Amazon's codes and request ids, and accounts by status as counts only; anyone else gets
// NOT_FOUND as for a path that does not exist.
import { cloneTestDatabase, type TestDatabase } from "@adsconnect/db-dev/testing";
import { createLogger } from "@adsconnect/logger";
import { createServices, servicesEnv, type Services } from "@adsconnect/services";
import { startSandboxProcess, type SandboxProcess } from "@adsconnect/test-sandbox";
import { refreshAccountTokens } from "@adsconnect/tokens/refresh-account-tokens";
import { createAccount, createAccounts, type TestAccount } from "@adsconnect/tokens/testing";
import { generateFernetKey } from "@adsconnect/vault";
import superjson from "superjson";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createDashboardCaller, createDashboardContext, type Session } from "../src/dashboard";
import { notFoundPathMessage } from "../src/trpc";
import { caught } from "./support/callers";

const operator: Session = { userId: "user_operator_1", email: "ops@example.test", name: "Ops" };
const person: Session = { userId: "user_person_1", email: "person@example.test", name: "Pat" };

let database: TestDatabase;
let sandbox: SandboxProcess;
let services: Services;

beforeAll(async () => {
  database = await cloneTestDatabase();
  sandbox = await startSandboxProcess();
  services = createServices(
    servicesEnv({
      runtimeEnv: {
        DATABASE_URL: database.url,
        ENCRYPTION_KEYS: generateFernetKey(),
        AMAZON_CLIENT_ID: sandbox.clientId,
        AMAZON_CLIENT_SECRET: sandbox.clientSecret,
        AMAZON_BASE_URL: sandbox.baseUrlTemplate,
      },
    }),
    {
      name: "api-operations-test",
      logger: createLogger("api-operations-test", { level: "silent" }),
      poolMax: 4,
      dbPoolMax: 2,
      refreshMaxAttempts: 1,
    },
  );
});
afterAll(async () => {
  await services?.close();
  await sandbox?.stop();
  await database?.drop();
});
beforeEach(async () => {
  await sandbox.admin.clearFaults();
  await services.pool.query(`DELETE FROM worker_heartbeats`);
  await services.pool.query(`DELETE FROM token_refresh_outcomes`);
});

/** The dashboard's router in-process as `session`, with `operator` the one admin. */
const callerAs = (session: Session | null) =>
  createDashboardCaller(
    createDashboardContext({ services, session, adminUserIds: [operator.userId] }),
  );

async function beat(workerId: string, ageSeconds: number) {
  const at = new Date(Date.now() - ageSeconds * 1000);
  await services.pool.query(
    `INSERT INTO worker_heartbeats (worker_id, hostname, pid, started_at, beat_at)
     VALUES ($1, 'worker-host', 4242, $2, $2)`,
    [workerId, at],
  );
}

/**
 * Refreshes `account` `times` times, each expected to fail at Amazon; returns Amazon's request id
 * of each failed call (from the thrown error's AmazonError), when the refresh threw.
 */
async function failRefreshes(account: TestAccount, times: number): Promise<(string | null)[]> {
  const ids: (string | null)[] = [];
  for (let i = 0; i < times; i++) {
    const error = await refreshAccountTokens(services, account.id).then(
      () => null,
      (e: unknown) => e as { cause?: { requestId?: string | null } },
    );
    ids.push(error?.cause?.requestId ?? null);
  }
  return ids;
}

describe("operations.* for anyone not in ADMIN_USER_IDS", () => {
  it.each([
    ["a signed-in person", person],
    ["nobody signed in", null],
  ])("answers %s NOT_FOUND, as a path that does not exist", async (_who, session) => {
    const caller = callerAs(session);
    for (const [path, call] of [
      ["operations.status", () => caller.operations.status()],
      ["operations.refreshHistory", () => caller.operations.refreshHistory()],
      ["operations.recentFailures", () => caller.operations.recentFailures({ limit: 5 })],
    ] as const) {
      expect(await caught(call())).toEqual({
        code: "NOT_FOUND",
        message: notFoundPathMessage(path),
      });
    }
  });

  it("answers NOT_FOUND when ADMIN_USER_IDS is unset (nobody is an operator)", async () => {
    const caller = createDashboardCaller(createDashboardContext({ services, session: operator }));
    expect(await caught(caller.operations.status())).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("operations.* for an operator", () => {
  it("says the worker is down with no fresh heartbeat, and up again with one", async () => {
    await beat("worker-killed", 900);
    const down = await callerAs(operator).operations.status();
    expect(down.status).toBe("down");
    expect(down.reasons.map((reason) => reason.code)).toContain("no_fresh_worker");
    expect(down.workers.map((worker) => [worker.workerId, worker.fresh])).toEqual([
      ["worker-killed", false],
    ]);
    expect(down.workers[0]!.heartbeatAgeSeconds).toBeGreaterThanOrEqual(900);
    expect(JSON.stringify(down)).not.toContain("worker-host");

    await beat("worker-alive", 2);
    const up = await callerAs(operator).operations.status();
    expect(up.reasons.map((reason) => reason.code)).not.toContain("no_fresh_worker");
    expect(up.workers.map((worker) => [worker.workerId, worker.fresh])).toEqual([
      ["worker-alive", true],
      ["worker-killed", false],
    ]);
  });

  it("shows the breaker open (degraded) with counts only", async () => {
    await beat("worker-alive", 1);
    expect((await callerAs(operator).operations.status()).breaker).toMatchObject({
      state: "closed",
      open: false,
    });
    // Five refusals held in the window: what the breaker records while Amazon refuses every grant.
    await services.pool.query(
      `INSERT INTO token_refresh_outcomes (account_id, verdict)
       SELECT gen_random_uuid(), 'held' FROM generate_series(1, 5)`,
    );
    const status = await callerAs(operator).operations.status();
    expect(status.status).toBe("degraded");
    expect(status.reasons.map((reason) => reason.code)).toContain("breaker_open");
    expect(status.breaker).toMatchObject({ state: "open", open: true, heldCount: 5 });
    expect(JSON.stringify(status.breaker)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it("lists the last failures with Amazon's codes and request ids, charts them per hour, and counts accounts by status — never a name, email, id or token", async () => {
    const healthy = await createAccounts(services.pool, services.vault, sandbox, 3);
    const flaky = await createAccount(services.pool, services.vault, sandbox);
    const refused = await createAccount(services.pool, services.vault, sandbox);
    for (const account of healthy) await refreshAccountTokens(services, account.id);
    // Amazon answers 500 three times (refresh_failing at the third), then refuses the other grant.
    await sandbox.admin.failTokenCalls({ status: 500, count: 3, refreshToken: flaky.refreshToken });
    const flakyRequestIds = await failRefreshes(flaky, 3);
    expect(flakyRequestIds.every((id) => typeof id === "string" && id.length > 8)).toBe(true);
    await sandbox.admin.failTokenCalls({
      status: 400,
      count: 1,
      refreshToken: refused.refreshToken,
    });
    await failRefreshes(refused, 1);

    const caller = callerAs(operator);
    const failures = await caller.operations.recentFailures({ limit: 10 });
    expect(failures).toEqual([
      {
        at: expect.any(String),
        type: "reauth_required",
        code: "invalid_grant",
        requestId: expect.stringMatching(/\S{8,}/),
        held: false,
      },
      {
        at: expect.any(String),
        type: "token_refresh_failed",
        code: "server_error",
        // The third 500's: the one that turned the account refresh_failing.
        requestId: flakyRequestIds[2],
        held: false,
      },
    ]);
    expect(flakyRequestIds).not.toContain(failures[0]!.requestId);
    expect(await caller.operations.recentFailures({ limit: 1 })).toHaveLength(1);

    const history = await caller.operations.refreshHistory();
    expect(history.hours).toHaveLength(24);
    expect(history.hours.at(-1)).toMatchObject({ succeeded: 3, failed: 2 });
    expect(history).toMatchObject({ succeeded: 3, failed: 2 });
    expect(new Date(history.hours[0]!.hour).getUTCMinutes()).toBe(0);

    const status = await caller.operations.status();
    expect(status.accounts).toEqual({
      active: 3,
      refresh_failing: 1,
      reauth_required: 1,
      disconnected: 0,
      total: 5,
    });

    const everything = superjson.stringify({ failures, history, status });
    const { rows } = await services.pool.query<{ email: string; name: string | null }>(
      `SELECT email, name FROM users`,
    );
    for (const identifier of [
      ...[...healthy, flaky, refused].flatMap((a) => [
        a.id,
        a.userId,
        a.amazonUserId,
        a.refreshToken,
        a.accessToken,
      ]),
      ...rows.map((row) => row.email),
    ])
      expect(everything).not.toContain(identifier);
    expect(everything).not.toMatch(/Atza\||Atzr\||@/);
  });
});
