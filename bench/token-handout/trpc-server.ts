/**
 * The product's tRPC fetch handler (the same one the web app mounts at
 * /api/trpc) on a plain node:http server: the hand-out without Next.js.
 */
import { createAmazonClient } from "@adsconnect/amazon";
import { createTRPCContext } from "@adsconnect/api";
import { createFetchHandler } from "@adsconnect/api/fetch";
import { serveFetchHandler } from "@adsconnect/api/testing";
import { createDb } from "@adsconnect/db/client";
import { createLogger } from "@adsconnect/logger";
import { createTokensPool } from "@adsconnect/tokens/pool";
import { TokenVault } from "@adsconnect/vault";

import { readServerConfig } from "./config";

const config = readServerConfig();
const db = createDb(config.databaseUrl);
const logger = createLogger("bench-trpc", { level: "warn" });
const services = {
  vault: TokenVault.fromEncryptionKeys(config.encryptionKeys),
  amazon: createAmazonClient({
    clientId: config.amazonClientId,
    clientSecret: "bench",
    redirectUri: "http://localhost:3000/api/amazon/callback",
    baseUrlTemplate: "http://127.0.0.1:9/{region}",
  }),
  amazonClientId: config.amazonClientId,
  pgPool: createTokensPool(config.databaseUrl),
};
const handler = createFetchHandler({
  endpoint: "/api/trpc",
  logger,
  createContext: (req) =>
    createTRPCContext({ db, services, headers: req.headers, session: null, logger }),
});
const server = await serveFetchHandler(handler);
console.log(`listening on ${server.origin}`);
