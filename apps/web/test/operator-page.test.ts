// The operator's page on the production build (`next start`), signed in locally: a person in
// ADMIN_USER_IDS gets /operations (200) and its data over /api/trpc, in each state (the worker
// down, the breaker open, the last failures with Amazon's codes and request ids, accounts as
// counts only); anyone else gets a 404 for both, and no "Operations" link.
import { localUserIdForEmail } from "@adsconnect/auth";
import { cloneTestDatabase, type TestDatabase } from "@adsconnect/db-dev/testing";
import { createLogger } from "@adsconnect/logger";
import { createServices, servicesEnv, type Services } from "@adsconnect/services";
import { startSandboxProcess, type SandboxProcess } from "@adsconnect/test-sandbox";
import { refreshAccountTokens } from "@adsconnect/tokens/refresh-account-tokens";
import { createAccount, type TestAccount } from "@adsconnect/tokens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CookieJar } from "./support/cookies";
import { localAuthEnv } from "./support/environments";
import { startWebServer, type WebServer } from "./support/web-server";

const OPERATOR = "ops@example.com";
const PERSON = "pat@example.com";

let database: TestDatabase;
let sandbox: SandboxProcess;
let web: WebServer;
let services: Services;
const jars: Record<"operator" | "person", CookieJar> = {
  operator: new CookieJar(),
  person: new CookieJar(),
};

beforeAll(async () => {
  // A database of this file's own: the page reads every tenant's accounts and events.
  database = await cloneTestDatabase();
  sandbox = await startSandboxProcess();
  const env = localAuthEnv({
    DATABASE_URL: database.url,
    AMAZON_BASE_URL: sandbox.baseUrlTemplate,
    AMAZON_CLIENT_ID: sandbox.clientId,
    AMAZON_CLIENT_SECRET: sandbox.clientSecret,
    ADMIN_USER_IDS: ` user_clerk_someone_else , ${localUserIdForEmail(OPERATOR)}`,
  });
  web = await startWebServer(env);
  services = createServices(servicesEnv({ runtimeEnv: env }), {
    name: "web-operator-page-test",
    logger: createLogger("web-operator-page-test", { level: "silent" }),
    poolMax: 2,
    dbPoolMax: 1,
    refreshMaxAttempts: 1,
  });
  await signIn(jars.operator, OPERATOR, "Olga Operator");
  await signIn(jars.person, PERSON, "Pat Person");
});
afterAll(async () => {
  await web?.stop();
  await services?.close();
  await sandbox?.stop();
  await database?.drop();
});

async function signIn(jar: CookieJar, email: string, name: string) {
  const response = await fetch(`${web.url}/api/local-auth/sign-in`, {
    method: "POST",
    headers: { origin: web.url },
    body: new URLSearchParams({ email, name }),
    redirect: "manual",
  });
  jar.absorb(response);
  expect(jar.header()).toContain("__session=");
}

async function page(who: keyof typeof jars, path = "/operations") {
  const response = await fetch(`${web.url}${path}`, {
    headers: { cookie: jars[who].header() },
    redirect: "manual",
  });
  return { code: response.status, html: await response.text() };
}

async function procedure(who: keyof typeof jars, path: string, input?: unknown) {
  const query =
    input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const response = await fetch(`${web.url}/api/trpc/${path}${query}`, {
    headers: { cookie: jars[who].header() },
  });
  return { code: response.status, body: await response.text() };
}

const PATHS = [
  ["operations.status", undefined],
  ["operations.refreshHistory", undefined],
  ["operations.recentFailures", { limit: 20 }],
] as const;

describe("/operations for someone not in ADMIN_USER_IDS", () => {
  it("is a 404, and the nav has no Operations link", async () => {
    const refused = await page("person");
    expect(refused.code).toBe(404);
    expect(refused.html).not.toContain("System status");
    const accounts = await page("person", "/accounts");
    expect(accounts.code).toBe(200);
    expect(accounts.html).not.toContain('href="/operations"');
  });

  it("gets NOT_FOUND (404) from every operations procedure, as for a path that does not exist", async () => {
    for (const [path, input] of PATHS) {
      const answer = await procedure("person", path, input);
      expect(answer.code, path).toBe(404);
      expect(answer.body).toContain(`No procedure found on path \\"${path}\\"`);
    }
  });

  it("is sent to sign in when nobody is signed in", async () => {
    const response = await fetch(`${web.url}/operations`, { redirect: "manual" });
    expect([302, 303, 307]).toContain(response.status);
    expect(response.headers.get("location")).toContain("/sign-in");
  });
});

describe("/operations for an operator", () => {
  it("is 200 with the Operations link, and says the worker is down when no heartbeat is fresh", async () => {
    const answer = await page("operator");
    expect(answer.code).toBe(200);
    expect(answer.html).toContain('href="/operations"');
    expect(answer.html).toContain("System status");
    expect(answer.html).toContain("No heartbeat: no worker is running.");
    expect(answer.html).toContain('data-status="down"');
    expect(answer.html).toContain('data-breaker="closed"');
    expect(answer.html).toContain("No refresh has failed.");
    const status = await procedure("operator", "operations.status");
    expect(status.code).toBe(200);
    expect(JSON.parse(status.body)).toMatchObject({
      result: { data: { json: { status: "down", reasons: [{ code: "no_fresh_worker" }] } } },
    });
  });

  it("shows the breaker open, the last failures with Amazon's codes and request ids, the 24 h chart and accounts as counts only", async () => {
    await services.pool.query(
      `INSERT INTO worker_heartbeats (worker_id, hostname, pid, started_at, beat_at)
       VALUES ('worker-operator-test', 'worker-host', 4242, now(), now())`,
    );
    const accounts: TestAccount[] = [];
    for (let i = 0; i < 3; i++)
      accounts.push(await createAccount(services.pool, services.vault, sandbox));
    await refreshAccountTokens(services, accounts[0]!.id);
    await sandbox.admin.failTokenCalls({
      status: 400,
      count: 1,
      refreshToken: accounts[1]!.refreshToken,
    });
    await refreshAccountTokens(services, accounts[1]!.id);
    // Five refusals held in the window: what the breaker records while Amazon refuses every grant.
    await services.pool.query(
      `INSERT INTO token_refresh_outcomes (account_id, verdict)
       SELECT gen_random_uuid(), 'held' FROM generate_series(1, 5)`,
    );

    const failures = JSON.parse(
      (await procedure("operator", "operations.recentFailures", { limit: 20 })).body,
    ) as {
      result: { data: { json: { code: string; requestId: string; type: string }[] } };
    };
    const [refused] = failures.result.data.json;
    expect(refused).toMatchObject({ type: "reauth_required", code: "invalid_grant" });
    expect(refused!.requestId).toMatch(/\S{8,}/);

    const answer = await page("operator");
    expect(answer.code).toBe(200);
    expect(answer.html).toContain('data-status="degraded"');
    expect(answer.html).toContain('data-breaker="open"');
    expect(answer.html).toContain("invalid_grant");
    expect(answer.html).toContain(refused!.requestId);
    expect(answer.html).toMatch(/1 successful and 1 failed refreshes in the last 24 hours/);

    const status = JSON.parse((await procedure("operator", "operations.status")).body) as {
      result: { data: { json: { accounts: Record<string, number> } } };
    };
    expect(status.result.data.json.accounts).toEqual({
      active: 2,
      refresh_failing: 0,
      reauth_required: 1,
      disconnected: 0,
      total: 3,
    });
    const everything = [
      answer.html,
      ...(await Promise.all(PATHS.map(([path, input]) => procedure("operator", path, input)))).map(
        (result) => result.body,
      ),
    ].join("\n");
    const { rows } = await services.pool.query<{ email: string }>(
      `SELECT email FROM users WHERE email <> $1`,
      [OPERATOR],
    );
    for (const identifier of [
      ...accounts.flatMap((a) => [a.id, a.userId, a.amazonUserId, a.refreshToken, a.accessToken]),
      ...rows.map((row) => row.email),
      "worker-host",
    ])
      expect(everything).not.toContain(identifier);
  });
});
