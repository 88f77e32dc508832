import type { Logger } from "@adsconnect/logger";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import superjson from "superjson";

import type { DashboardContext } from "../context";
import type { AdsConnectErrorShape } from "../error-formatter";
import { createFetchHandler } from "../fetch-handler";
import { dashboardRouter } from "./router";
import { declaresJson, requestSite } from "./same-origin";

export interface DashboardHandlerOptions {
  /** Where the web app mounts it: "/api/trpc". */
  endpoint: string;
  /** The machine API's public origin (API_URL), named to whoever sends it an API key. */
  apiUrl: string;
  /**
   * The web app's public origin (APP_URL). A mutation (any POST) is served only as
   * `application/json` (which a browser sends cross-origin only after a CORS preflight nobody
   * answers) and only when the browser does not say it comes from another origin.
   */
  appUrl: string;
  /**
   * One request's context, for a request that presents no bearer: the web app resolves the
   * session here (never from the request's own headers) and calls createDashboardContext.
   */
  createContext: (req: Request) => DashboardContext | Promise<DashboardContext>;
  /** Logs failures that happen before any procedure runs, such as createContext throwing. */
  logger: Logger;
}

/**
 * What a request bearing `Authorization: Bearer …` is told: the dashboard serves signed-in
 * people only, and internal apps have an API of their own.
 */
export function bearerRefusalMessage(apiUrl: string): string {
  return `This is the dashboard's API, for signed-in people only; it takes no bearer token. Internal apps call the machine API at ${apiUrl.replace(/\/+$/, "")}/trpc (API_URL) with their API key.`;
}

/**
 * Whether a request's Authorization header uses the Bearer scheme, however
 * malformed: any case, any whitespace after it, nothing after it, or among
 * several values joined by commas.
 */
export function presentsBearer(headers: Headers): boolean {
  const authorization = headers.get("authorization");
  if (authorization === null) return false;
  return authorization.split(",").some((value) => /^\s*bearer(\s|$)/i.test(value));
}

/**
 * The dashboard's router as a Fetch API handler, `(Request) => Promise<Response>`: what the
 * web app's /api/trpc route exports as GET and POST, and what tests serve over node:http.
 *
 * A request bearing any bearer is answered 401 before anything else is looked at (no
 * procedure lookup, no session): every call it names gets UNAUTHORIZED in the shape tRPC
 * gives errors, with a message naming the machine API. The dashboard has no API-key path.
 */
export function createDashboardHandler(
  options: DashboardHandlerOptions,
): (req: Request) => Promise<Response> {
  const { endpoint, apiUrl, appUrl } = options;
  const handle = createFetchHandler(dashboardRouter, {
    endpoint,
    logger: options.logger,
    createContext: options.createContext,
  });
  return (req) => {
    if (presentsBearer(req.headers)) {
      return Promise.resolve(refuse(req, endpoint, "UNAUTHORIZED", bearerRefusalMessage(apiUrl)));
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      if (!declaresJson(req.headers)) {
        return Promise.resolve(refuse(req, endpoint, "UNSUPPORTED_MEDIA_TYPE", JSON_ONLY_MESSAGE));
      }
      if (requestSite(req.headers, appUrl) === "foreign") {
        return Promise.resolve(refuse(req, endpoint, "FORBIDDEN", FOREIGN_ORIGIN_MESSAGE));
      }
    }
    return handle(req);
  };
}

/** What a mutation sent as a form, as text or as bytes is told (a simple request: no preflight). */
export const JSON_ONLY_MESSAGE = "The dashboard's API takes changes as application/json only.";
/** What a mutation another origin's page sent is told (cross-site request forgery). */
export const FOREIGN_ORIGIN_MESSAGE =
  "The dashboard's API takes changes only from the app's own pages.";

const REFUSALS = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  UNSUPPORTED_MEDIA_TYPE: 415,
} as const;

/**
 * A refusal of every call `req` names, before any procedure runs or any session is read,
 * shaped as tRPC shapes errors (superjson, batches as arrays).
 */
function refuse(
  req: Request,
  endpoint: string,
  code: keyof typeof REFUSALS,
  message: string,
): Response {
  const url = new URL(req.url);
  const paths = decodeURIComponent(url.pathname.slice(endpoint.length + 1)).split(",");
  const httpStatus = REFUSALS[code];
  const refusal = (path: string) => {
    const shape: AdsConnectErrorShape = {
      message,
      code: TRPC_ERROR_CODES_BY_KEY[code],
      data: { code, httpStatus, path, zodError: null },
    };
    return { error: superjson.serialize(shape) };
  };
  const body = url.searchParams.get("batch") === "1" ? paths.map(refusal) : refusal(paths[0]!);
  return Response.json(body, { status: httpStatus, headers: { "cache-control": "no-store" } });
}
