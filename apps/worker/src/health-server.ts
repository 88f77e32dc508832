import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { databaseAnswers, sendJson } from "@adsconnect/operations";
import type { Services } from "@adsconnect/services";

export const WORKER_HEALTH_PATH = "/health";

export interface WorkerHealthOptions {
  /** When the job loop last turned (loop-ticks.ts), in ms since the epoch. */
  lastTickAt: () => number;
  /** A loop tick older than this makes the worker unhealthy. */
  tickStaleMs: number;
  /** Other paths this server answers (e.g. /metrics), or undefined to 404. */
  extra?: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;
}

/**
 * The worker's `/health` (apps/worker/railway.json's healthcheckPath): 200 when the process runs,
 * its database connection works (SELECT 1 on the pool its jobs use) and its job loop turned
 * recently; else 503. The body says which, and nothing else.
 */
export async function workerHealth(
  services: Pick<Services, "pool">,
  options: Pick<WorkerHealthOptions, "lastTickAt" | "tickStaleMs">,
) {
  const tickAgeMs = Math.max(0, Date.now() - options.lastTickAt());
  const database = await databaseAnswers(services.pool);
  const loop = tickAgeMs <= options.tickStaleMs;
  return {
    healthy: database && loop,
    body: {
      status: database && loop ? "ok" : "unavailable",
      database: database ? "ok" : "unreachable",
      jobLoop: loop ? "ok" : "stalled",
      lastTickSecondsAgo: Math.round(tickAgeMs / 1000),
    },
  };
}

/** Listens on `port` (every interface: Railway's health check comes from outside the container). */
export async function startWorkerHttp(
  services: Pick<Services, "pool" | "logger">,
  port: number,
  options: WorkerHealthOptions,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?", 1)[0]!;
    if (path === WORKER_HEALTH_PATH) {
      if (req.method !== "GET" && req.method !== "HEAD")
        return sendJson(res, 405, { error: { message: "Use GET." } }, { allow: "GET, HEAD" });
      const { healthy, body } = await workerHealth(services, options);
      return sendJson(res, healthy ? 200 : 503, body);
    }
    if (options.extra && (await options.extra(req, res, path))) return;
    sendJson(res, 404, { error: { message: `Nothing is served at ${path}.` } });
  };
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      services.logger.error({ err: String(error) }, "worker http request failed");
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error: { message: "Internal error." } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
