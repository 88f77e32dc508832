/**
 * The web service's process (`pnpm start`): Next.js behind a node:http server
 * that answers internal apps' API-key calls to /api/trpc itself.
 *
 * Those calls need nothing of Next — no page, no session, no Clerk (the proxy
 * skips them already) — but Next's request path alone costs more CPU than
 * the whole hand-out (bench/token-handout: /api/health under `next start`
 * serves about a quarter of what the bare yardstick does). So they go to the
 * very fetch handler Next mounts at /api/trpc, with the same context, and
 * everything else goes to Next. `pnpm dev` runs `next dev`, where Next's
 * route serves both.
 */
import { createServer } from "node:http";

import { createTRPCContext } from "@adsconnect/api";
import { createFetchHandler } from "@adsconnect/api/fetch";
import { toNodeHandler } from "@adsconnect/api/node";
import { createDb } from "@adsconnect/db/client";
import { createLogger } from "@adsconnect/logger";
import next from "next";

import { env } from "./src/env";
import { createApiServices } from "./src/server/create-services";
import { routeWebRequests } from "./src/server/web-listener";

const port = env.PORT;
const logger = createLogger("web");
const app = next({ dev: false, dir: import.meta.dirname, hostname: "localhost", port });
const handleNext = app.getRequestHandler();

const db = createDb(env.DATABASE_URL);
const services = createApiServices(env, logger);
const handleApiKeyCall = toNodeHandler(
  createFetchHandler({
    endpoint: "/api/trpc",
    logger,
    createContext: (request) =>
      createTRPCContext({ db, services, headers: request.headers, session: null, logger }),
  }),
);

await app.prepare(); // runs src/instrumentation.ts: a configuration that must not run exits here

const server = createServer(routeWebRequests({ apiKeyCalls: handleApiKeyCall, next: handleNext }));
// Every interface, as `next start` does (Railway routes to the container's port).
server.listen(port, () => logger.info({ port }, "web listening"));

// Railway sends SIGTERM and waits `drainingSeconds`: finish what is in flight, then go.
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "web stopping");
    const forced = setTimeout(() => process.exit(0), 10_000).unref();
    server.close(() => {
      void Promise.allSettled([services.pgPool.end(), db.$disconnect(), app.close()]).then(() => {
        clearTimeout(forced);
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  });
}
