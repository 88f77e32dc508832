/**
 * The product's tRPC fetch handler (the same one the web app mounts at
 * /api/trpc) on a plain node:http server: the hand-out without Next.js.
 */
import { createTRPCContext } from "@adsconnect/api";
import { createFetchHandler } from "@adsconnect/api/fetch";
import { serveFetchHandler } from "@adsconnect/api/testing";
import { createServices, servicesEnv } from "@adsconnect/services";

import { readServerConfig } from "./config";

const config = readServerConfig();
const services = createServices(
  servicesEnv({
    runtimeEnv: {
      DATABASE_URL: config.databaseUrl,
      ENCRYPTION_KEYS: config.encryptionKeys,
      AMAZON_CLIENT_ID: config.amazonClientId,
      AMAZON_CLIENT_SECRET: "bench",
      AMAZON_BASE_URL: "http://127.0.0.1:9/{region}",
      LOG_LEVEL: "warn",
    },
  }),
  { name: "bench-trpc" },
);
const handler = createFetchHandler({
  endpoint: "/api/trpc",
  logger: services.logger,
  createContext: (req) => createTRPCContext({ services, headers: req.headers, session: null }),
});
const server = await serveFetchHandler(handler);
console.log(`listening on ${server.origin}`);
