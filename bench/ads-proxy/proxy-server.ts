/**
 * The Ads proxy on a plain node:http server, as apps/api mounts it: services
 * from createServices with the environment given as JSON in argv[2], logging
 * one line per request to stdout at info. Prints "listening on <origin>" on
 * stderr (stdout is the log).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { createAdsProxy } from "@adsconnect/ads-proxy";
import { RATE_LIMIT_DEFAULTS } from "@adsconnect/rate-limits";
import { createServices, servicesEnv } from "@adsconnect/services";

const env = JSON.parse(process.argv[2] ?? "{}") as Record<string, string>;
const services = createServices(servicesEnv({ runtimeEnv: env }), {
  name: "bench-ads-proxy",
  // Every call is still counted (that cost is measured), but never refused.
  rateLimits: { ...RATE_LIMIT_DEFAULTS, apiKey: { points: 1_000_000_000, windowSeconds: 60 } },
});
const proxy = createAdsProxy(services);
const server = createServer((req, res) => void proxy(req, res));
server.listen(0, "127.0.0.1", () => {
  console.error(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.once("SIGTERM", () => {
  proxy.close();
  server.closeAllConnections();
  server.close(() => void services.close().finally(() => process.exit(0)));
});
