/**
 * The machine API's process (`node dist/main.mjs`, from apps/api/railway.json): internal
 * apps' tRPC calls with an API key, on node:http, without Next.js, Clerk or cookies.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { adsProxyOptionsFromEnv } from "@adsconnect/ads-proxy/env";
import { requestIdFrom, withRequestId } from "@adsconnect/logger";
import { rateLimitSettingsFromEnv } from "@adsconnect/rate-limits/env";
import { createServices } from "@adsconnect/services";
import { webhookSettingsFromEnv } from "@adsconnect/webhooks/env";

import { env } from "./env";
import { createApiListener } from "./server";

// A pg pool for key lookups, rate-limit counts and hand-out reads, and a few Prisma connections
// for procedures that read through Prisma. More pg connections did not help: 20 served a fifth
// fewer hand-outs than 10 on two cores. Inline refreshes (rare: the worker refreshes tokens ten
// minutes ahead) hold their lock across the call to Amazon on connections of their own,
// REFRESH_INLINE_CONCURRENCY at most (services.inlineRefresh), so a slow Amazon never takes this pool.
const services = createServices(env, {
  name: "api",
  poolMax: 10,
  dbPoolMax: 3,
  rateLimits: rateLimitSettingsFromEnv(env),
  webhooks: webhookSettingsFromEnv(env),
});
const { logger } = services;

const listener = createApiListener({
  services,
  apiUrl: env.API_URL,
  adsProxy: adsProxyOptionsFromEnv(env),
  ...(env.METRICS_TOKEN === undefined ? {} : { metricsToken: env.METRICS_TOKEN }),
  exposeErrorDetails: env.NODE_ENV === "development",
  onError: (error) => logger.error({ err: error }, "request failed"),
});

let stopping = false;
const server = createServer((req, res) => {
  // Once stopping, every answer closes its connection, so kept-alive clients let go.
  if (stopping) res.shouldKeepAlive = false;
  // Every request gets an id (the caller's x-request-id when well-formed): on each of its log
  // lines, in its errors' data and in the answer's x-request-id; the proxy reads the same header.
  const requestId = requestIdFrom(req.headers["x-request-id"]);
  req.headers["x-request-id"] = requestId;
  res.setHeader("x-request-id", requestId);
  withRequestId(requestId, () => void listener(req, res));
});
// Every interface (Railway routes to the container's port).
server.listen(env.PORT, () => {
  const { port } = server.address() as AddressInfo;
  logger.info({ port, apiUrl: env.API_URL }, "api listening");
});

// Railway sends SIGTERM and waits `drainingSeconds` (15): stop accepting, answer what is in
// flight, close kept-alive connections, then go.
const DRAIN_MS = 10_000;

/** Logs, then carries on whatever happens to the log (stdout gone with a parent that died). */
function tell(log: () => void): void {
  try {
    log();
    logger.flush();
  } catch {
    // Nowhere to report it.
  }
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    stopping = true;
    tell(() => logger.info({ signal }, "api stopping"));
    setTimeout(() => {
      tell(() =>
        logger.error({ drainMs: DRAIN_MS }, "requests still in flight after the drain; exiting"),
      );
      process.exit(1);
    }, DRAIN_MS).unref();
    server.close(() => {
      listener.close();
      void services.close().then(
        () => {
          tell(() => logger.info("api stopped"));
          process.exit(0);
        },
        (error: unknown) => {
          tell(() => logger.error({ err: error }, "closing the database pools failed"));
          process.exit(1);
        },
      );
    });
    server.closeIdleConnections();
    // Connections busy now go idle when their answer is written: close them then, not after
    // the usual keep-alive wait.
    server.keepAliveTimeout = 1;
  });
}
