import type { MachineRouter } from "@adsconnect/api";
import { createTRPCClient, httpBatchLink, TRPCClientError, type TRPCClient } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import superjson from "superjson";

import { GrantCache, type GrantCacheOptions } from "./grant-cache";

export { TRPCClientError };
export {
  verifyWebhook,
  WebhookVerificationError,
  type WebhookPayload,
  type WebhookRequestHeaders,
} from "./verify-webhook";
export type { MachineRouter };

/** The path the machine API (apps/api) serves its tRPC router at. */
export const TRPC_PATH = "/trpc";
/** The path the machine API serves the Ads API proxy under: /ads/{accountId}/{region}/{amazon path}. */
export const ADS_PATH = "/ads";
/**
 * Calls the client batches into one request at most: the machine API refuses larger batches
 * (400; packages/api's MAX_BATCH_SIZE), so more concurrent calls go as several requests.
 */
export const MAX_BATCH_SIZE = 50;
/** A cached grant is used until this many seconds before its `expiresAt`. */
export const GRANT_EXPIRY_MARGIN_SECONDS = 60;

/** `tokens.getAccessToken`'s input, as the machine router declares it. */
export type GetAccessTokenInput = inferRouterInputs<MachineRouter>["tokens"]["getAccessToken"];
/** `tokens.getAccessToken`'s output: the access token, `expiresAt`, `clientId`, `region`, `adsApiUrl`, … */
export type AccessTokenGrant = inferRouterOutputs<MachineRouter>["tokens"]["getAccessToken"];
/** Whatever `tokens.getAccessToken` takes besides the account (e.g. a profile), if anything. */
export type GetAccessTokenOptions = Omit<GetAccessTokenInput, "accountId">;

/** An Ads API region as the proxy's path names it. */
export type AdsRegion = "na" | "eu" | "fe";

export interface AdsFetchInit extends RequestInit {
  /** The Ads API region to call: "na" (default), "eu" or "fe" (any case). */
  region?: AdsRegion | Uppercase<AdsRegion>;
  /**
   * The advertising profile to act on, sent as `Amazon-Advertising-API-Scope` (unless `headers`
   * already has that header).
   */
  profileId?: string | number | bigint;
}

/**
 * The body of the Ads API proxy's own refusals (bad key, unknown account, bad region, no scope,
 * Amazon refusing the token after the proxy's retry, …); Amazon's answers pass through as sent.
 */
export interface AdsProxyErrorBody {
  error: { code: string; message: string; requestId?: string };
}

export interface AdsConnectClientOptions {
  /**
   * The machine API's origin, API_URL ("https://api.adsconnect.example.com"), or its full
   * tRPC URL ("https://api.adsconnect.example.com/trpc"). An origin, or any URL whose path
   * does not already end in /trpc, gets /trpc appended for tRPC; the Ads API proxy is at the
   * same base + /ads.
   */
  url: string;
  /** An API key (`adc_...`) created in the web app; sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** The fetch to use. Default: the global fetch (Node 18+, edge runtimes). */
  fetch?: typeof globalThis.fetch;
  /** The clock the grant cache judges expiry by, in ms since the epoch. Default `Date.now`. */
  now?: GrantCacheOptions["now"];
}

/** What the client adds to the typed tRPC procedures. */
export interface AdsConnectExtras {
  /** The typed tRPC client of the machine router: `adsconnect.trpc.me.whoami.query()`. */
  trpc: TRPCClient<MachineRouter>;
  /**
   * `tokens.getAccessToken` for `accountId`, cached until 60 s before the grant's `expiresAt`.
   * Concurrent calls for one account (and the same options) share one request; a failed
   * request is not cached (the next call asks again).
   */
  getAccessToken(accountId: string, options?: GetAccessTokenOptions): Promise<AccessTokenGrant>;
  /**
   * Forgets the cached grants of `accountId` (every option), e.g. after Amazon refused its token;
   * the next `getAccessToken` asks the machine API again. A request in flight is not reused.
   */
  forgetAccessToken(accountId: string): void;
  ads: {
    /**
     * Calls the Ads API through adsconnect's proxy: `${API_URL}/ads/{accountId}/{region}/{path}`
     * with the API key; the proxy adds Amazon's token and client id. Resolves to the proxy's
     * `Response`, untouched and unread (stream it, check `ok`), like `fetch`. A 401 or 403 answer
     * also forgets the account's cached grant.
     */
    fetch(accountId: string, path: string, init?: AdsFetchInit): Promise<Response>;
  };
}

/**
 * The client: every machine procedure (`adsconnect.me.whoami.query()`,
 * `adsconnect.tokens.getAccessToken.query({ accountId })`, also under `adsconnect.trpc`) plus
 * the cached `getAccessToken`, `forgetAccessToken` and `ads.fetch`.
 */
export type AdsConnectClient = TRPCClient<MachineRouter> & AdsConnectExtras;

/** A typed client for internal apps: `await client.me.whoami.query()`. */
export function createAdsConnectClient(options: AdsConnectClientOptions): AdsConnectClient {
  if (!options.apiKey) throw new Error("createAdsConnectClient: apiKey is required");
  const authorization = `Bearer ${options.apiKey}`;
  const fetchImpl = options.fetch;
  const trpc = createTRPCClient<MachineRouter>({
    links: [
      httpBatchLink({
        url: resolveApiUrl(options.url),
        transformer: superjson,
        maxItems: MAX_BATCH_SIZE,
        headers: () => ({ authorization }),
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      }),
    ],
  });

  const grants = new GrantCache<AccessTokenGrant>({
    marginMs: GRANT_EXPIRY_MARGIN_SECONDS * 1000,
    ...(options.now ? { now: options.now } : {}),
  });
  const getAccessToken: AdsConnectExtras["getAccessToken"] = (accountId, extra) => {
    const input = { ...extra, accountId } as GetAccessTokenInput;
    return grants.get(accountId, stableKey(extra ?? {}), () =>
      trpc.tokens.getAccessToken.query(input),
    );
  };
  const forgetAccessToken = (accountId: string) => grants.forget(accountId);

  const adsBase = resolveBaseUrl(options.url) + ADS_PATH;
  const ads: AdsConnectExtras["ads"] = {
    async fetch(accountId, path, init = {}) {
      const { region = "na", profileId, ...rest } = init;
      const url = adsUrl(adsBase, accountId, region, path);
      const headers = new Headers(rest.headers);
      headers.set("authorization", authorization);
      if (profileId !== undefined && !headers.has("amazon-advertising-api-scope"))
        headers.set("amazon-advertising-api-scope", String(profileId));
      const requestInit: RequestInit & { duplex?: "half" } = { ...rest, headers };
      // A streamed request body needs duplex "half" in Node's fetch (undici).
      if (isStream(rest.body) && !("duplex" in rest)) requestInit.duplex = "half";
      const response = await (fetchImpl ?? globalThis.fetch)(url, requestInit);
      if (response.status === 401 || response.status === 403) forgetAccessToken(accountId);
      return response;
    },
  };

  const extras: AdsConnectExtras = { trpc, getAccessToken, forgetAccessToken, ads };
  // The tRPC client is a proxy answering any name with a procedure path, so it cannot be
  // spread: answer the extras' names from them and every other name from the tRPC client.
  return new Proxy(extras, {
    get(target, name, receiver) {
      if (typeof name !== "string" || name === "then") return undefined;
      if (Object.hasOwn(target, name)) return Reflect.get(target, name, receiver) as unknown;
      return (trpc as unknown as Record<string, unknown>)[name];
    },
  }) as AdsConnectClient;
}

/** Accepts an origin or the full API URL and returns the full API URL, without a trailing slash. */
export function resolveApiUrl(url: string): string {
  return resolveBaseUrl(url) + TRPC_PATH;
}

/**
 * The machine API's base URL (API_URL, with any base path), without /trpc and without a
 * trailing slash, from an origin or the full tRPC URL.
 */
export function resolveBaseUrl(url: string): string {
  const parsed = new URL(url);
  let path = parsed.pathname.replace(/\/+$/, "");
  if (path.endsWith(TRPC_PATH)) path = path.slice(0, -TRPC_PATH.length);
  parsed.pathname = path || "/";
  parsed.search = "";
  parsed.hash = "";
  return parsed.toString().replace(/\/+$/, "");
}

const REGIONS: readonly string[] = ["na", "eu", "fe"] satisfies AdsRegion[];

/**
 * `${base}/{accountId}/{region}/{path}`; `path` is Amazon's path with its query, e.g.
 * "/v2/profiles" or "sp/campaigns/list?x=1". Refuses an absolute URL and a path that leaves
 * the account's prefix (e.g. through "..").
 */
export function adsUrl(base: string, accountId: string, region: string, path: string): string {
  if (!accountId) throw new TypeError("ads.fetch: accountId is required");
  const lower = region.toLowerCase();
  if (!REGIONS.includes(lower))
    throw new TypeError(`ads.fetch: region must be one of na, eu, fe (got ${region})`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith("//"))
    throw new TypeError("ads.fetch: pass the Ads API path (e.g. /v2/profiles), not a URL");
  const prefix = `${base}/${encodeURIComponent(accountId)}/${lower}/`;
  const url = new URL(prefix + path.replace(/^\/+/, ""));
  if (!url.href.startsWith(prefix))
    throw new TypeError(`ads.fetch: the path ${path} leaves /ads/{accountId}/{region}/`);
  return url.href;
}

function isStream(body: unknown): boolean {
  return typeof ReadableStream !== "undefined" && body instanceof ReadableStream;
}

/** JSON with sorted keys (bigints as strings), so equal options give one cache key. */
function stableKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date))
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    return v;
  });
}
