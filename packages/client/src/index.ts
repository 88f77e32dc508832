import type { MachineRouter } from "@adsconnect/api";
import { createTRPCClient, httpBatchLink, TRPCClientError, type TRPCClient } from "@trpc/client";
import superjson from "superjson";

export { TRPCClientError };
export type { MachineRouter };

/** The path the machine API (apps/api) serves its tRPC router at. */
export const TRPC_PATH = "/trpc";

export interface AdsConnectClientOptions {
  /**
   * The machine API's origin, API_URL ("https://api.adsconnect.example.com"), or its full
   * tRPC URL ("https://api.adsconnect.example.com/trpc"). An origin, or any URL whose path
   * does not already end in /trpc, gets /trpc appended.
   */
  url: string;
  /** An API key (`adc_...`) created in the web app; sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** The fetch to use. Default: the global fetch (Node 18+). */
  fetch?: typeof globalThis.fetch;
}

export type AdsConnectClient = TRPCClient<MachineRouter>;

/** A typed client for internal apps: `await client.me.whoami.query()`. */
export function createAdsConnectClient(options: AdsConnectClientOptions): AdsConnectClient {
  if (!options.apiKey) throw new Error("createAdsConnectClient: apiKey is required");
  const authorization = `Bearer ${options.apiKey}`;
  return createTRPCClient<MachineRouter>({
    links: [
      httpBatchLink({
        url: resolveApiUrl(options.url),
        transformer: superjson,
        headers: () => ({ authorization }),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}

/** Accepts an origin or the full API URL and returns the full API URL, without a trailing slash. */
export function resolveApiUrl(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, "");
  parsed.pathname = path.endsWith(TRPC_PATH) ? path : `${path}${TRPC_PATH}`;
  parsed.search = "";
  parsed.hash = "";
  return parsed.toString().replace(/\/+$/, "");
}
