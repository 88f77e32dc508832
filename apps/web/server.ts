/**
 * The web service's process (`pnpm start`): Next.js behind a node:http server
 * that answers internal apps' API-key calls to /api/trpc itself.
 *
 * Those calls need nothing of Next — no page, no session, no Clerk (the proxy
 * skips them already) — but Next's request path alone costs more CPU than
 * the whole hand-out (bench/token-handout: /api/health through Next serves
 * about a third of what the bare yardstick does for a hand-out). So they go
 * to the very fetch handler Next mounts at /api/trpc, with the same context,
 * and everything else goes to Next. `pnpm dev` runs `next dev`, where Next's
 * route serves both.
 *
 * Like `next start`, it runs in production: railway.json's start command (and `pnpm start`)
 * set NODE_ENV=production unless it is set, so Next and React load their production builds
 * too. Any other NODE_ENV is refused.
 */
import { createServer } from "node:http";

import { createTRPCContext } from "@adsconnect/api";
import { createFetchHandler } from "@adsconnect/api/fetch";
import { toNodeHandler } from "@adsconnect/api/node";
import { createServices } from "@adsconnect/services";
import next from "next";

import { env } from "./src/env";
import { routeWebRequests } from "./src/server/web-listener";

// Internal apps' calls: a few Prisma connections (procedures other than the hand-out), and a pg
// pool for key lookups, hand-out reads and inline refreshes. An inline refresh holds a connection
// for its lock while Amazon answers, but is rare: the worker refreshes tokens ten minutes ahead.
// More connections did not help: 20 served a fifth fewer hand-outs than 10 on two cores.
// (What Next serves has services of its own: src/server/services.ts.) Nothing connects yet.
const services = createServices(env, { name: "web", poolMax: 10, dbPoolMax: 3 });
const { logger } = services;
if (env.NODE_ENV !== "production") {
  // This serves the production build only.
  logger.fatal(
    { nodeEnv: env.NODE_ENV },
    "server.ts serves the production build: unset NODE_ENV (the start command then sets production) or set it to production, or run `pnpm dev` to develop",
  );
  logger.flush();
  process.exit(1);
}

const port = env.PORT;
const app = next({ dev: false, dir: import.meta.dirname, hostname: "localhost", port });
const handleNext = app.getRequestHandler();

const reportFailure = (error: unknown) => logger.error({ err: error }, "request failed");
const handleApiKeyCall = toNodeHandler(
  createFetchHandler({
    endpoint: "/api/trpc",
    logger,
    createContext: (request) =>
      createTRPCContext({ services, headers: request.headers, session: null }),
  }),
  { onError: reportFailure },
);

await app.prepare(); // runs src/instrumentation.ts: a configuration that must not run exits here

let stopping = false;
const route = routeWebRequests({
  apiKeyCalls: handleApiKeyCall,
  next: handleNext,
  onError: reportFailure,
});
const server = createServer((req, res) => {
  // Once stopping, every answer closes its connection, so kept-alive clients let go.
  if (stopping) res.shouldKeepAlive = false;
  return route(req, res);
});
// Every interface, as `next start` does (Railway routes to the container's port).
server.listen(port, () => logger.info({ port }, "web listening"));

// Railway sends SIGTERM and waits `drainingSeconds` (15): stop accepting, answer what is in
// flight, then go.
const DRAIN_MS = 10_000;

/**
 * Logs, then exits whatever happens to the log: with stdout gone (a parent that died), a
 * write throws, and Next's own uncaughtException handler would swallow it and keep the
 * process alive forever.
 */
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
    tell(() => logger.info({ signal }, "web stopping"));
    setTimeout(() => {
      tell(() =>
        logger.error({ drainMs: DRAIN_MS }, "requests still in flight after the drain; exiting"),
      );
      process.exit(1);
    }, DRAIN_MS).unref();
    server.close(() => {
      void Promise.allSettled([services.close(), app.close()]).then(() => {
        tell(() => logger.info("web stopped"));
        process.exit(0);
      });
    });
    server.closeIdleConnections();
    // Connections busy now go idle when their answer is written: close them then, not after
    // the usual keep-alive wait.
    server.keepAliveTimeout = 1;
  });
}
