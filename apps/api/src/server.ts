import type { IncomingMessage, ServerResponse } from "node:http";

import { createAdsProxy, isAdsProxyPath, type AdsProxyOptions } from "@adsconnect/ads-proxy";
import { createMachineListener, MACHINE_TRPC_PATH } from "@adsconnect/api/machine";
import { sendJson } from "@adsconnect/operations";
import type { Services } from "@adsconnect/services";

import { checkHealth, HEALTH_PATH } from "./health";
import { METRICS_PATH, serveMetrics } from "./metrics";

export type RequestListener = ((req: IncomingMessage, res: ServerResponse) => Promise<void>) & {
  /** Ends what the listener keeps between requests (the proxy's upstream connections). */
  close(): void;
};

/**
 * What this service serves, by path: told to whoever asks for anything else (404) and in
 * apps/api/README.md.
 */
export const URL_SCHEME = [
  {
    path: `${MACHINE_TRPC_PATH}/<procedure>`,
    methods: ["GET", "POST"],
    what: "the machine tRPC router (me.whoami, tokens.getAccessToken); Authorization: Bearer <API key>, no cookies",
  },
  {
    path: "/ads/<accountId>/<na|eu|fe>/<Ads API path>",
    methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"],
    what: "the Amazon Ads API, with the account's token injected (packages/ads-proxy/README.md); Authorization: Bearer <API key>",
  },
  {
    path: HEALTH_PATH,
    methods: ["GET", "HEAD"],
    what: "200 when the process serves, reaches PostgreSQL and has every migration, else 503",
  },
  {
    path: METRICS_PATH,
    methods: ["GET"],
    what: "Prometheus metrics; Authorization: Bearer <METRICS_TOKEN> (404 when it is unset)",
  },
] as const;

export interface ApiListenerOptions {
  /** The process's services (createServices, once). */
  services: Services;
  /** The public origin (API_URL), named in answers to unknown paths. */
  apiUrl: string;
  /** The Ads proxy's limits (ADS_PROXY_*). */
  adsProxy?: Partial<AdsProxyOptions>;
  /** METRICS_TOKEN: the bearer /metrics requires; unset turns /metrics off (404). */
  metricsToken?: string;
  /** Send unexpected errors' real messages to callers (development only). Default false. */
  exposeErrorDetails?: boolean;
  /** Told when answering a request fails outside the handlers' own error handling. */
  onError: (error: unknown) => void;
}

/**
 * The machine API's one listener: /trpc/* to the machine router's fetch handler (through
 * the node:http bridge: the API key and its rate limits judged before the body is read, body
 * cap, streaming, Node's reading of headers), /ads/* to the Ads API proxy, /health to the
 * health check, and a 404 naming the URL scheme for anything else. Nothing here reads a
 * session, a cookie or Clerk's headers: an internal app is judged by its API key alone.
 *
 * A handler that fails is answered 500 (or its connection cut, when the answer had begun)
 * and reported, never left as an unhandled rejection that would stop the process.
 */
export function createApiListener(options: ApiListenerOptions): RequestListener {
  const { services, apiUrl, onError } = options;
  // The key is authenticated and the rate limits counted before the body is read.
  const trpc = createMachineListener({
    services,
    endpoint: MACHINE_TRPC_PATH,
    exposeErrorDetails: options.exposeErrorDetails ?? false,
    onError,
  });
  const ads = createAdsProxy(services, options.adsProxy ?? {});
  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?", 1)[0]!;
    if (isAdsProxyPath(req.url ?? "/")) return ads(req, res);
    if (path === MACHINE_TRPC_PATH || path.startsWith(`${MACHINE_TRPC_PATH}/`))
      return trpc(req, res);
    if (path === HEALTH_PATH) {
      if (req.method !== "GET" && req.method !== "HEAD")
        return sendJson(res, 405, { error: { message: "Use GET." } }, { allow: "GET, HEAD" });
      const { healthy, body } = await checkHealth(services.pool);
      return sendJson(res, healthy ? 200 : 503, body);
    }
    if (path === METRICS_PATH)
      return serveMetrics(req, res, services.metrics, options.metricsToken);
    sendJson(res, 404, notFound(apiUrl, path));
  };
  const listener = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      await route(req, res);
    } catch (error) {
      onError(error);
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error: { message: "Internal error." } });
    }
  };
  return Object.assign(listener, { close: () => ads.close() });
}

/** The 404 body: what was asked for, and what this service serves. */
export function notFound(apiUrl: string, path: string) {
  const scheme = URL_SCHEME.map((route) => `${route.methods.join("/")} ${apiUrl}${route.path}`);
  return {
    error: {
      message: `Nothing is served at ${path}. This is adsconnect's machine API; it serves ${scheme.join(", ")}.`,
      urlScheme: URL_SCHEME,
    },
  };
}
