// The worker's /metrics on PORT (METRICS_TOKEN), on the bundle started as Railway starts it:
// refused without the token; with it, Prometheus's text format holding the refreshes it made
// (by outcome, with latency), its calls to Amazon by endpoint and status, and the gauges read from
// the database (queue, accounts, heartbeats) — and no account id, email or token in any label.
import { parsePrometheusText, type ParsedMetric } from "@adsconnect/metrics/testing";
import { createAccounts, createUser } from "@adsconnect/tokens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startWorkerService, type WorkerService } from "../src/testing";
import { startWorkerHarness, type WorkerHarness } from "./support/harness";

const METRICS_TOKEN = "worker-metrics-token-0123456789";

let h: WorkerHarness;
let worker: WorkerService;
beforeAll(async () => {
  h = await startWorkerHarness();
  worker = await startWorkerService(
    h.env({ PORT: "0", METRICS_TOKEN, REFRESH_MAX_ATTEMPTS: "1", WORKER_CONCURRENCY: "4" }),
  );
});
afterAll(async () => {
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
    // The first refresh fails with a 500 (targeted at one account), the other five succeed.
    await h.sandbox.admin.failTokenCalls({
      status: 500,
      count: 1,
      refreshToken: accounts[0]!.refreshToken,
    });
    for (const account of accounts)
      await h.pool.query(
        `SELECT graphile_worker.add_job('refresh_account_tokens', json_build_object('accountId', $1::text))`,
        [account.id],
      );
    // Until five accounts have refreshed and one has failed (the test's timeout bounds the wait).
    for (;;) {
      const { rows } = await h.pool.query<{ refreshed: number; failed: number }>(
        `SELECT count(*) FILTER (WHERE consecutive_failures = 0 AND last_refreshed_at IS NOT NULL)::int AS refreshed,
                count(*) FILTER (WHERE consecutive_failures = 1)::int AS failed
           FROM amazon_accounts WHERE connected_by_id = $1`,
        [userId],
      );
      if (rows[0]!.refreshed === 5 && rows[0]!.failed === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const response = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    const families = parsePrometheusText(text);

    const refreshes = family(families, "adsconnect_token_refreshes_total");
    expect(refreshes.type).toBe("counter");
    const byOutcome = Object.fromEntries(refreshes.samples.map((s) => [s.labels.outcome, s.value]));
    expect(byOutcome).toMatchObject({ refreshed: 5, failed: 1 });
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
    expect(calls).toMatchObject({ "lwa_token 200": 5, "lwa_token 500": 1 });
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
