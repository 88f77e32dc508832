// The operator's endpoints on the production build (`next start`), with a worker started from its
// bundle as Railway starts it: /api/health says whether this process can serve (database and
// migrations, never the worker), /api/status tells each state apart — no worker (down), a healthy
// one (ok), a stalled queue (degraded), a hung worker (down), refreshes failing at Amazon
// (degraded), a stopped worker (down) — and holds no id, email or token.
import { cloneTestDatabase, type TestDatabase } from "@adsconnect/db-dev/testing";
import { createLogger } from "@adsconnect/logger";
import { parsePrometheusText } from "@adsconnect/metrics/testing";
import { createServices, servicesEnv, type Services } from "@adsconnect/services";
import { startSandboxProcess, type SandboxProcess } from "@adsconnect/test-sandbox";
import { createAccounts, createUser } from "@adsconnect/tokens/testing";
import { startWorkerService, type WorkerService } from "@adsconnect/worker/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { localAuthEnv } from "./support/environments";
import { startWebServer, type WebServer } from "./support/web-server";

const METRICS_TOKEN = "web-metrics-token-0123456789";

let database: TestDatabase;
let sandbox: SandboxProcess;
let web: WebServer;
let services: Services;
let env: Record<string, string>;
let worker: WorkerService | undefined;

beforeAll(async () => {
  // A database of this file's own: the status reads every heartbeat and job in it.
  database = await cloneTestDatabase();
  sandbox = await startSandboxProcess();
  env = localAuthEnv({
    DATABASE_URL: database.url,
    AMAZON_BASE_URL: sandbox.baseUrlTemplate,
    AMAZON_CLIENT_ID: sandbox.clientId,
    AMAZON_CLIENT_SECRET: sandbox.clientSecret,
    STATUS_HEARTBEAT_STALE_SECONDS: "6",
    STATUS_QUEUE_LAG_SECONDS: "120",
    METRICS_TOKEN,
  });
  web = await startWebServer(env);
  services = createServices(servicesEnv({ runtimeEnv: env }), {
    name: "web-operations-test",
    logger: createLogger("web-operations-test", { level: "silent" }),
    poolMax: 2,
    dbPoolMax: 1,
  });
});
afterAll(async () => {
  await worker?.stop();
  await web?.stop();
  await services?.close();
  await sandbox?.stop();
  await database?.drop();
});

interface StatusBody {
  status: "ok" | "degraded" | "down";
  reasons: { code: string; message: string }[];
  workers?: { workerId: string; heartbeatAgeSeconds: number; fresh: boolean }[];
  queue?: { waiting: number; oldestWaitingSeconds: number | null } | null;
  refresh?: {
    dueAccounts: number;
    lastHour: { succeeded: number; failing: number; successRate: number | null };
  };
}

async function status(): Promise<{ code: number; body: StatusBody; text: string }> {
  const response = await fetch(`${web.url}/api/status`);
  const text = await response.text();
  return { code: response.status, body: JSON.parse(text) as StatusBody, text };
}

/** Asks /api/status until it says `wanted` (the test's timeout bounds the wait). */
async function statusBecomes(
  wanted: StatusBody["status"],
  andAlso: (body: StatusBody) => boolean = () => true,
) {
  for (;;) {
    const answer = await status();
    if (answer.body.status === wanted && andAlso(answer.body)) return answer;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function health() {
  const response = await fetch(`${web.url}/api/health`);
  return { code: response.status, body: (await response.json()) as Record<string, unknown> };
}

function startWorker() {
  return startWorkerService({
    DATABASE_URL: env.DATABASE_URL!,
    ENCRYPTION_KEYS: env.ENCRYPTION_KEYS!,
    AMAZON_BASE_URL: sandbox.baseUrlTemplate,
    AMAZON_CLIENT_ID: sandbox.clientId,
    AMAZON_CLIENT_SECRET: sandbox.clientSecret,
    AMAZON_TIMEOUT_MS: "2000",
    WORKER_HEARTBEAT_SECONDS: "1",
    REFRESH_MAX_ATTEMPTS: "1",
  });
}

describe("/api/health", () => {
  it("is 200 with the database up and every migration applied, though no worker runs", async () => {
    expect(await health()).toEqual({
      code: 200,
      body: { status: "ok", database: "ok", migrations: "ok" },
    });
    expect((await status()).body.status).toBe("down");
  });

  it("is 503 naming the migration the database lacks", async () => {
    const { rows } = await services.pool.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`,
    );
    const latest = rows[0]!.migration_name;
    await services.pool.query(
      `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1`,
      [latest],
    );
    try {
      expect(await health()).toEqual({
        code: 503,
        body: {
          status: "unavailable",
          database: "ok",
          migrations: "pending",
          pendingMigrations: [latest],
        },
      });
    } finally {
      await services.pool.query(
        `UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = $1`,
        [latest],
      );
    }
    expect((await health()).code).toBe(200);
  });
});

describe("/api/status through a worker's life", () => {
  it("is down (503) with no worker at all", async () => {
    const { code, body } = await status();
    expect(code).toBe(503);
    expect(body.status).toBe("down");
    expect(body.reasons.map((r) => r.code)).toEqual(["no_fresh_worker"]);
    expect(body.workers).toEqual([]);
  });

  it("is ok (200) once a worker runs, with its heartbeat age and an empty queue", async () => {
    worker = await startWorker();
    const { code, body } = await statusBecomes("ok");
    expect(code).toBe(200);
    expect(body.workers).toHaveLength(1);
    expect(body.workers![0]!.fresh).toBe(true);
    expect(body.queue).toMatchObject({ waiting: 0, oldestWaitingSeconds: null });
  });

  it("is degraded (503) when the queue stalls, down when the hung worker's heartbeat goes stale, ok when it resumes", async () => {
    worker!.signal("SIGSTOP");
    try {
      await services.pool.query(
        `SELECT graphile_worker.add_job('purge_expired_rows', '{}'::json, run_at := now() - interval '10 minutes')`,
      );
      const stalled = await status();
      expect(stalled.code).toBe(503);
      expect(stalled.body.status).toBe("degraded");
      expect(stalled.body.reasons.map((r) => r.code)).toEqual(["queue_lag"]);
      expect(stalled.body.queue!.waiting).toBe(1);
      expect(stalled.body.queue!.oldestWaitingSeconds).toBeGreaterThanOrEqual(600);

      const hung = await statusBecomes("down");
      expect(hung.code).toBe(503);
      expect(hung.body.reasons.map((r) => r.code)).toEqual(["no_fresh_worker", "queue_lag"]);
    } finally {
      worker!.signal("SIGCONT");
    }
    const resumed = await statusBecomes("ok");
    expect(resumed.body.queue!.waiting).toBe(0);
  });

  it("is degraded (503) when refreshes fail at Amazon, and names no account, person or token", async () => {
    const userId = await createUser(services.pool);
    const accounts = await createAccounts(services.pool, services.vault, sandbox, 12, {
      userId,
      expiresInSeconds: 60,
    });
    await sandbox.admin.failTokenCalls({ status: 500, count: 1000 });
    for (const account of accounts)
      await services.pool.query(
        `SELECT graphile_worker.add_job('refresh_account_tokens', json_build_object('accountId', $1::text))`,
        [account.id],
      );
    // Degraded from the minimum number of outcomes on; wait for all 12 jobs to have failed.
    const failing = await statusBecomes(
      "degraded",
      (body) => body.refresh?.lastHour.failing === 12,
    );
    expect(failing.code).toBe(503);
    expect(failing.body.reasons.map((r) => r.code)).toEqual(["refresh_success_low"]);
    expect(failing.body.refresh!.dueAccounts).toBe(12);
    expect(failing.body.refresh!.lastHour).toMatchObject({
      succeeded: 0,
      failing: 12,
      successRate: 0,
    });
    for (const account of accounts) {
      expect(failing.text).not.toContain(account.id);
      expect(failing.text).not.toContain(account.refreshToken);
      expect(failing.text).not.toContain(account.accessToken);
    }
    expect(failing.text).not.toContain(userId);
    expect(failing.text).not.toContain("@");
    expect(failing.text).not.toContain(env.ENCRYPTION_KEYS);
    expect(failing.text).not.toContain(sandbox.clientSecret);
  });

  it("is scraped at /api/metrics with METRICS_TOKEN (401 without): the status and the database's numbers as gauges, no id in a label", async () => {
    expect((await fetch(`${web.url}/api/metrics`)).status).toBe(401);
    const refused = await fetch(`${web.url}/api/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}x` },
    });
    expect(refused.status).toBe(401);

    const response = await fetch(`${web.url}/api/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    const families = parsePrometheusText(text);
    const sample = (name: string, labels: Record<string, string> = {}) =>
      families
        .get(name)
        ?.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    for (const name of [
      "adsconnect_system_status",
      "adsconnect_job_queue_waiting_jobs",
      "adsconnect_job_queue_lag_seconds",
      "adsconnect_accounts",
      "adsconnect_accounts_due_refresh",
      "adsconnect_worker_heartbeat_age_seconds",
      "adsconnect_workers",
      "adsconnect_refresh_success_ratio",
      "adsconnect_refresh_breaker_open",
    ])
      expect(families.get(name)?.type, name).toBe("gauge");
    for (const name of [
      "adsconnect_token_refreshes_total",
      "adsconnect_amazon_requests_total",
      "adsconnect_token_handouts_total",
      "adsconnect_ads_proxy_requests_total",
    ])
      expect(families.get(name)?.type, name).toBe("counter");
    expect(sample("adsconnect_system_status", { status: "degraded" })?.value).toBe(1);
    expect(sample("adsconnect_accounts", { status: "active" })?.value).toBe(12);
    expect(sample("adsconnect_refresh_success_ratio")?.value).toBe(0);
    expect(sample("adsconnect_workers", { state: "fresh" })?.value).toBe(1);
    expect(sample("adsconnect_status_up")?.labels.service).toBe("web");
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
    for (const metric of families.values())
      for (const s of metric.samples)
        for (const value of Object.values(s.labels)) {
          expect(value, s.name).not.toMatch(uuid);
          expect(value, s.name).not.toContain("@");
        }
    expect(text).not.toContain(env.ENCRYPTION_KEYS);
  });

  it("is down (503) once the worker stops, while /api/health stays 200", async () => {
    expect(await worker!.stop()).toBe(0);
    worker = undefined;
    const { code, body } = await status();
    expect(code).toBe(503);
    expect(body.status).toBe("down");
    expect(body.workers).toEqual([]);
    expect((await health()).code).toBe(200);
  });
});

describe("request ids on the dashboard's API", () => {
  it("honours a well-formed x-request-id (echoed, in the error's data) and replaces a malformed one", async () => {
    const given = await fetch(`${web.url}/api/trpc/me.get`, {
      headers: { "x-request-id": "support-ticket-web-42" },
    });
    expect(given.status).toBe(401);
    expect(given.headers.get("x-request-id")).toBe("support-ticket-web-42");
    const body = (await given.json()) as { error: { json: { data: { requestId: string } } } };
    expect(body.error.json.data.requestId).toBe("support-ticket-web-42");

    const malformed = await fetch(`${web.url}/api/trpc/me.get`, {
      headers: { "x-request-id": "bad id" },
    });
    const id = malformed.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const refused = (await malformed.json()) as {
      error: { json: { data: { requestId: string } } };
    };
    expect(refused.error.json.data.requestId).toBe(id);
  });
});

describe("request ids on every web response", () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  it("gives pages, API routes, the callback and static files an id, keeping a well-formed one the caller sent", async () => {
    for (const path of [
      "/sign-in",
      "/api/health",
      "/api/amazon/callback?code=x&state=y",
      "/favicon.ico",
    ]) {
      const fresh = await fetch(`${web.url}${path}`, { redirect: "manual" });
      expect(fresh.headers.get("x-request-id"), path).toMatch(uuid);
      const quoted = await fetch(`${web.url}${path}`, {
        headers: { "x-request-id": "support-ticket-page-7" },
        redirect: "manual",
      });
      expect(quoted.headers.get("x-request-id"), path).toBe("support-ticket-page-7");
      const forged = await fetch(`${web.url}${path}`, {
        headers: { "x-request-id": "<script>" },
        redirect: "manual",
      });
      expect(forged.headers.get("x-request-id"), path).toMatch(uuid);
    }
  });
});
