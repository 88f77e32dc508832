import type { Metrics } from "@adsconnect/metrics";
import type { Services } from "@adsconnect/services";
import { readWebhookBacklog, type WebhookBacklog } from "@adsconnect/webhooks/backlog";

import { readSystemStatus, type SystemStatus } from "./read-system-status";
import type { StatusThresholds } from "./thresholds";

const registered = new WeakSet<object>();

/** How long one read of the database serves a scrape's gauges (they are collected one by one). */
const SNAPSHOT_MS = 1000;

interface Snapshot {
  status: SystemStatus;
  accounts: { status: string; count: number }[];
  webhooks: WebhookBacklog;
}

/**
 * Gauges computed from the database when `/metrics` is scraped, once per registry: the job
 * queue's depth and lag, accounts by status and due for a refresh, worker heartbeats, the last
 * hour's refresh success ratio and the overall status, and webhook delivery's backlog. One read serves every gauge of a scrape;
 * when the database does not answer the gauges are left empty (and `adsconnect_status_up` is 0).
 */
export function registerStatusGauges(
  metrics: Metrics,
  services: Pick<Services, "pool" | "refresh" | "now" | "logger">,
  options: { thresholds?: StatusThresholds } = {},
): void {
  if (registered.has(metrics.registry)) return;
  registered.add(metrics.registry);

  let cached: { at: number; read: Promise<Snapshot | null> } | undefined;
  const snapshot = (): Promise<Snapshot | null> => {
    const now = Date.now();
    if (cached && now - cached.at < SNAPSHOT_MS) return cached.read;
    const read = (async () => {
      try {
        const [status, accounts, webhooks] = await Promise.all([
          readSystemStatus(services, options.thresholds ? { thresholds: options.thresholds } : {}),
          services.pool.query<{ status: string; count: string }>(
            `SELECT status::text AS status, count(*) AS count FROM amazon_accounts GROUP BY status`,
          ),
          readWebhookBacklog(services.pool, services.now()),
        ]);
        return {
          status,
          accounts: accounts.rows.map((row) => ({ status: row.status, count: Number(row.count) })),
          webhooks,
        };
      } catch (error) {
        services.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          "metrics: reading the database failed",
        );
        return null;
      }
    })();
    cached = { at: now, read };
    return read;
  };

  metrics.gauge({
    name: "adsconnect_status_up",
    help: "1 when the database answered this scrape's status queries, else 0.",
    async collect() {
      this.set((await snapshot()) ? 1 : 0);
    },
  });
  metrics.gauge({
    name: "adsconnect_system_status",
    help: "The overall status (as /api/status): 1 for the current one of ok, degraded, down.",
    labelNames: ["status"],
    async collect() {
      this.reset();
      const s = await snapshot();
      if (!s) return;
      for (const value of ["ok", "degraded", "down"])
        this.set({ status: value }, s.status.status === value ? 1 : 0);
    },
  });
  metrics.gauge({
    name: "adsconnect_refresh_breaker_open",
    help: "1 while the mass-revocation breaker holds invalid_grant refusals (tokens kept) instead of erasing them, else 0.",
    async collect() {
      this.reset();
      const breaker = (await snapshot())?.status.breaker;
      if (breaker) this.set(breaker.open ? 1 : 0);
    },
  });
  metrics.gauge({
    name: "adsconnect_job_queue_waiting_jobs",
    help: "graphile-worker jobs due now that no worker holds.",
    async collect() {
      this.reset();
      const queue = (await snapshot())?.status.queue;
      if (queue) this.set(queue.waiting);
    },
  });
  metrics.gauge({
    name: "adsconnect_job_queue_lag_seconds",
    help: "How long the oldest waiting job has been due (0 when none waits).",
    async collect() {
      this.reset();
      const queue = (await snapshot())?.status.queue;
      if (queue) this.set(queue.oldestWaitingSeconds ?? 0);
    },
  });
  metrics.gauge({
    name: "adsconnect_job_queue_failed_jobs",
    help: "graphile-worker jobs that used up their attempts.",
    async collect() {
      this.reset();
      const queue = (await snapshot())?.status.queue;
      if (queue) this.set(queue.failed);
    },
  });
  metrics.gauge({
    name: "adsconnect_accounts",
    help: "Amazon accounts by status.",
    labelNames: ["status"],
    async collect() {
      this.reset();
      const s = await snapshot();
      if (!s) return;
      for (const value of ["active", "refresh_failing", "reauth_required", "disconnected"])
        this.set({ status: value }, s.accounts.find((a) => a.status === value)?.count ?? 0);
    },
  });
  metrics.gauge({
    name: "adsconnect_accounts_due_refresh",
    help: "Connected accounts whose token expires within REFRESH_LEAD_SECONDS (or already has).",
    async collect() {
      this.reset();
      const s = await snapshot();
      if (s) this.set(s.status.refresh.dueAccounts);
    },
  });
  metrics.gauge({
    name: "adsconnect_worker_heartbeat_age_seconds",
    help: "Age of the freshest worker heartbeat; absent when no worker has a heartbeat row.",
    async collect() {
      this.reset();
      const freshest = (await snapshot())?.status.workers[0];
      if (freshest) this.set(freshest.heartbeatAgeSeconds);
    },
  });
  metrics.gauge({
    name: "adsconnect_workers",
    help: "Worker heartbeat rows, fresh (within STATUS_HEARTBEAT_STALE_SECONDS) or stale.",
    labelNames: ["state"],
    async collect() {
      this.reset();
      const s = await snapshot();
      if (!s) return;
      const fresh = s.status.workers.filter((w) => w.fresh).length;
      this.set({ state: "fresh" }, fresh);
      this.set({ state: "stale" }, s.status.workers.length - fresh);
    },
  });
  metrics.gauge({
    name: "adsconnect_refresh_success_ratio",
    help: "Token refresh success rate over the last hour, all processes (absent with no outcome).",
    async collect() {
      this.reset();
      const rate = (await snapshot())?.status.refresh.lastHour.successRate;
      if (rate !== null && rate !== undefined) this.set(rate);
    },
  });
  metrics.gauge({
    name: "adsconnect_webhook_pending_messages",
    help: "Webhook messages not yet delivered or failed, by their endpoint's status (a disabled endpoint's wait for an admin to enable it).",
    labelNames: ["endpoint"],
    async collect() {
      this.reset();
      const pending = (await snapshot())?.webhooks.pending;
      if (!pending) return;
      this.set({ endpoint: "active" }, pending.active);
      this.set({ endpoint: "disabled" }, pending.disabled);
    },
  });
  metrics.gauge({
    name: "adsconnect_webhook_oldest_pending_age_seconds",
    help: "Age of the oldest pending webhook message of an active endpoint, retries included (0 when none).",
    async collect() {
      this.reset();
      const webhooks = (await snapshot())?.webhooks;
      if (webhooks) this.set(webhooks.oldestPendingAgeSeconds);
    },
  });
  metrics.gauge({
    name: "adsconnect_webhook_delivery_lag_seconds",
    help: "How long the oldest webhook message a worker could attempt now has waited past its attempt time (0 when none): grows only when the workers are not delivering, not when an endpoint fails.",
    async collect() {
      this.reset();
      const webhooks = (await snapshot())?.webhooks;
      if (webhooks) this.set(webhooks.deliveryLagSeconds);
    },
  });
  metrics.gauge({
    name: "adsconnect_webhook_endpoints",
    help: "Webhook endpoints by status: disabled ones failed a whole retry schedule (or an admin turned them off).",
    labelNames: ["status"],
    async collect() {
      this.reset();
      const endpoints = (await snapshot())?.webhooks.endpoints;
      if (!endpoints) return;
      this.set({ status: "active" }, endpoints.active);
      this.set({ status: "disabled" }, endpoints.disabled);
    },
  });
}
