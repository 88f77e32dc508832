// The worker's /metrics on PORT (METRICS_TOKEN), on the bundle started as Railway starts it:
// refused without the token; with it, Prometheus's text format holding the refreshes it made
// (by outcome, with latency), its calls to Amazon by endpoint and status, and the gauges read from
// the database (queue, accounts, heartbeats) — and no account id, email or token in any label;
// its webhook deliveries by outcome and the webhook backlog's gauges (delivery lag included).
import { randomUUID } from "node:crypto";

import { parsePrometheusText, type ParsedMetric } from "@adsconnect/metrics/testing";
import { WEBHOOK_DEFAULTS } from "@adsconnect/services";
import { createAccounts, createUser } from "@adsconnect/tokens/testing";
import { createEndpoint } from "@adsconnect/webhooks/endpoints";
import {
  recordTestEvent,
  startTestReceiver,
  type TestReceiver,
} from "@adsconnect/webhooks/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startWorkerService, type WorkerService } from "../src/testing";
import { startWorkerHarness, type WorkerHarness } from "./support/harness";

const METRICS_TOKEN = "worker-metrics-token-0123456789";

let h: WorkerHarness;
let worker: WorkerService;
let receivers: TestReceiver[] = [];
beforeAll(async () => {
  h = await startWorkerHarness();
  worker = await startWorkerService(
    h.env({
      PORT: "0",
      METRICS_TOKEN,
      REFRESH_MAX_ATTEMPTS: "1",
      WORKER_CONCURRENCY: "4",
      // The receivers are on 127.0.0.1; a compressed schedule: three attempts 100 ms apart.
      WEBHOOK_ALLOW_PRIVATE_URLS: "true",
      WEBHOOK_POLL_MS: "100",
      WEBHOOK_RETRY_SCHEDULE: "0,100,100",
    }),
  );
});
afterAll(async () => {
  // Receivers first: closing ends a hung request, so the worker need not wait out its timeout.
  await Promise.all(receivers.map((r) => r.close()));
  await worker?.stop();
  await h?.close();
});

const scrape = (authorization?: string) =>
  fetch(`${worker.url}/metrics`, authorization ? { headers: { authorization } } : {});

function family(families: Map<string, ParsedMetric>, name: string): ParsedMetric {
  const found = families.get(name);
  if (!found)
    throw new Error(`no ${name} in the scrape; it has ${[...families.keys()].join(", ")}`);
  return found;
}

describe("the worker's /metrics", () => {
  it("refuses a scrape without the token or with another one", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${METRICS_TOKEN}-not`)).status).toBe(401);
    expect(await (await scrape()).text()).not.toContain(METRICS_TOKEN);
  });

  it("counts refreshes, Amazon's answers and the database's numbers, with no id, email or token in a label", async () => {
    const userId = await createUser(h.pool);
    const accounts = await createAccounts(h.pool, h.vault, h.sandbox, 6, {
      userId,
      expiresInSeconds: 60,
    });
    // Every refresh of the first account fails with a 500; the other five succeed. The failure
    // lasts because the worker runs as in production, crontab included: the minute sweep may
    // refresh any of these due accounts again, and a one-off failure would then turn into a
    // success. The failing account's count of failures is what the scrape must show.
    const failing = accounts[0]!;
    await h.sandbox.admin.failTokenCalls({
      status: 500,
      count: 1_000_000,
      refreshToken: failing.refreshToken,
    });
    for (const account of accounts)
      await h.pool.query(
        `SELECT graphile_worker.add_job('refresh_account_tokens', json_build_object('accountId', $1::text))`,
        [account.id],
      );
    const progress = async () => {
      const { rows } = await h.pool.query<{ refreshed: number; failures: number; jobs: number }>(
        `SELECT count(*) FILTER (WHERE consecutive_failures = 0 AND last_refreshed_at IS NOT NULL)::int AS refreshed,
                coalesce(sum(consecutive_failures) FILTER (WHERE id = $2), 0)::int AS failures,
                (SELECT count(*)::int FROM graphile_worker.jobs
                  WHERE task_identifier = 'refresh_account_tokens') AS jobs
           FROM amazon_accounts WHERE connected_by_id = $1`,
        [userId, failing.id],
      );
      return rows[0]!;
    };
    // Until five accounts have refreshed and the first has failed (the test's timeout bounds the
    // wait); then a scrape taken while no refresh was queued or running and the failures stood
    // still, read before and after it (a refresh in flight could have counted Amazon's answer
    // before writing its failure).
    let failures: number;
    let text: string;
    for (;;) {
      const before = await progress();
      if (before.refreshed !== 5 || before.failures < 1 || before.jobs > 0) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      const response = await scrape(`Bearer ${METRICS_TOKEN}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain");
      text = await response.text();
      const after = await progress();
      if (after.failures === before.failures && after.refreshed === 5 && after.jobs === 0) {
        failures = before.failures;
        break;
      }
    }
    const families = parsePrometheusText(text);

    const refreshes = family(families, "adsconnect_token_refreshes_total");
    expect(refreshes.type).toBe("counter");
    const byOutcome = Object.fromEntries(refreshes.samples.map((s) => [s.labels.outcome, s.value]));
    expect(byOutcome).toMatchObject({ refreshed: 5, failed: failures });
    for (const sample of refreshes.samples) expect(sample.labels.service).toBe("worker");

    const latency = family(families, "adsconnect_token_refresh_duration_seconds");
    expect(latency.type).toBe("histogram");
    expect(
      latency.samples.find((s) => s.name.endsWith("_count") && s.labels.outcome === "refreshed")
        ?.value,
    ).toBe(5);

    const amazon = family(families, "adsconnect_amazon_requests_total");
    expect(amazon.type).toBe("counter");
    const calls = Object.fromEntries(
      amazon.samples.map((s) => [`${s.labels.endpoint} ${s.labels.status}`, s.value]),
    );
    expect(calls).toMatchObject({ "lwa_token 200": 5, "lwa_token 500": failures });
    expect(family(families, "adsconnect_amazon_request_duration_seconds").type).toBe("histogram");

    for (const name of [
      "adsconnect_job_queue_waiting_jobs",
      "adsconnect_job_queue_lag_seconds",
      "adsconnect_job_queue_failed_jobs",
      "adsconnect_accounts_due_refresh",
      "adsconnect_worker_heartbeat_age_seconds",
      "adsconnect_refresh_success_ratio",
      "adsconnect_refresh_breaker_open",
      "adsconnect_status_up",
    ])
      expect(family(families, name), name).toMatchObject({
        type: "gauge",
        samples: [expect.anything()],
      });
    const accountsByStatus = family(families, "adsconnect_accounts");
    expect(accountsByStatus.type).toBe("gauge");
    expect(accountsByStatus.samples.map((s) => s.labels.status).sort()).toEqual([
      "active",
      "disconnected",
      "reauth_required",
      "refresh_failing",
    ]);
    expect(family(families, "adsconnect_workers").samples).toContainEqual(
      expect.objectContaining({ labels: expect.objectContaining({ state: "fresh" }), value: 1 }),
    );
    expect(family(families, "adsconnect_status_up").samples[0]!.value).toBe(1);
    // Node's own process metrics come along.
    expect(families.has("process_cpu_user_seconds_total")).toBe(true);

    // No label value is an id (a uuid), an email or a secret; none of this file's accounts,
    // person or tokens appears anywhere in the scrape.
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
    for (const metric of families.values())
      for (const sample of metric.samples)
        for (const value of Object.values(sample.labels)) {
          expect(value, `${sample.name} label`).not.toMatch(uuid);
          expect(value, `${sample.name} label`).not.toContain("@");
        }
    for (const account of accounts) {
      expect(text).not.toContain(account.id);
      expect(text).not.toContain(account.refreshToken);
    }
    expect(text).not.toContain(userId);
    expect(text).not.toContain(h.encryptionKeys);
    expect(text).not.toContain(h.sandbox.clientSecret);
  });

  it("counts webhook attempts by outcome with their duration, and reads the webhook backlog: pending messages, the oldest one's age, disabled endpoints", async () => {
    const services = h.services({ webhooks: { ...WEBHOOK_DEFAULTS, production: false } });
    const workspace = await h.db.workspace.create({ data: { kind: "local", name: "Metrics" } });
    const account = await h.db.amazonAccount.create({
      data: {
        workspaceId: workspace.id,
        amazonUserId: `amzn1.account.${randomUUID()}`,
        consentRegion: "NA",
        consentedAt: new Date(),
      },
    });
    const ok = await startTestReceiver();
    const broken = await startTestReceiver();
    receivers = [ok, broken];
    broken.respondWith(500);
    const endpoints = [];
    for (const receiver of [ok, broken])
      endpoints.push(
        await createEndpoint(services, {
          workspaceId: workspace.id,
          createdById: null,
          url: receiver.url,
          eventTypes: [],
        }),
      );
    // Two events: the broken endpoint fails the first three times (retry, retry, failed) and is
    // disabled, which holds the second as pending; the working one gets both.
    for (const reason of ["first", "second"]) await recordTestEvent(h.db, account.id, { reason });
    await ok.waitFor(2);
    for (;;) {
      const disabled = await h.db.webhookEndpoint.count({
        where: { id: endpoints[1]!.endpoint.id, status: "disabled" },
      });
      if (disabled === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // A scrape's database read serves every scrape of the next second: wait one out, so this one
    // reads after the endpoint was disabled.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const text = await (await scrape(`Bearer ${METRICS_TOKEN}`)).text();
    const families = parsePrometheusText(text);
    const attempts = family(families, "adsconnect_webhook_attempts_total");
    expect(attempts.type).toBe("counter");
    expect(
      Object.fromEntries(attempts.samples.map((s) => [s.labels.outcome, s.value])),
    ).toMatchObject({ delivered: 2, retry: 2, failed: 1 });
    const duration = family(families, "adsconnect_webhook_attempt_duration_seconds");
    expect(duration.type).toBe("histogram");
    const counted = (outcome: string) =>
      duration.samples.find((s) => s.name.endsWith("_count") && s.labels.outcome === outcome)
        ?.value;
    expect([counted("delivered"), counted("retry"), counted("failed")]).toEqual([2, 2, 1]);

    const gauge = (name: string, labels: Record<string, string> = {}) =>
      family(families, name).samples.find((s) =>
        Object.entries(labels).every(([key, value]) => s.labels[key] === value),
      )?.value;
    expect(gauge("adsconnect_webhook_pending_messages", { endpoint: "active" })).toBe(0);
    expect(gauge("adsconnect_webhook_pending_messages", { endpoint: "disabled" })).toBe(1);
    expect(gauge("adsconnect_webhook_oldest_pending_age_seconds")).toBe(0);
    // The disabled endpoint's message waits for an admin, not for the workers: no lag.
    expect(gauge("adsconnect_webhook_delivery_lag_seconds")).toBe(0);
    expect(gauge("adsconnect_webhook_endpoints", { status: "active" })).toBe(1);
    expect(gauge("adsconnect_webhook_endpoints", { status: "disabled" })).toBe(1);
    for (const endpoint of endpoints) {
      expect(text).not.toContain(endpoint.endpoint.id);
      expect(text).not.toContain(endpoint.secret);
    }
    // No endpoint address either: its host and port (the bare port number alone could be any
    // metric's value, a memory size say, and once was).
    for (const receiver of [ok, broken]) {
      expect(text).not.toContain(`:${receiver.port}`);
      expect(text).not.toContain(receiver.url);
    }

    // A message still on its way (the working endpoint now hangs) has an age.
    ok.respondWith("hang");
    await recordTestEvent(h.db, account.id, {
      type: "account.recovered",
      status: "active",
      reason: null,
      at: new Date(Date.now() - 90_000),
    });
    await ok.waitFor(3);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = parsePrometheusText(await (await scrape(`Bearer ${METRICS_TOKEN}`)).text());
    expect(
      later.get("adsconnect_webhook_oldest_pending_age_seconds")?.samples.at(0)?.value,
    ).toBeGreaterThanOrEqual(90);
  });

  it("logs Amazon's request id with every call to Amazon, under the job's id", () => {
    const lines = worker
      .output()
      .split("\n")
      .filter((line) => line.includes('"msg":"amazon request"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const line of lines) {
      // …on a line that names the job it was part of.
      expect(line).toMatchObject({
        endpoint: "lwa_token",
        amazonRequestId: expect.any(String),
        requestId: expect.stringMatching(/^job-\d+$/),
      });
      expect(String(line.amazonRequestId).length).toBeGreaterThan(0);
    }
  });
});
