import type { Logger } from "@adsconnect/logger";
import { TRPCError } from "@trpc/server";

import type { DashboardContext } from "../context";
import { bodyTooLargeMessage, readCappedBody } from "../body-limit";
import { createFetchHandler } from "../fetch-handler";
import { MAX_REQUEST_BODY_BYTES } from "../node-handler";
import { refuseEveryCall } from "../refusal";
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
  /** Larger request bodies are refused (413, PAYLOAD_TOO_LARGE). Default MAX_REQUEST_BODY_BYTES. */
  maxBodyBytes?: number;
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
  const maxBodyBytes = options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES;
  const handle = createFetchHandler(dashboardRouter, {
    endpoint,
    logger: options.logger,
    createContext: options.createContext,
  });
  return async (req) => {
    if (presentsBearer(req.headers))
      return refuseEveryCall(
        req,
        endpoint,
        new TRPCError({ code: "UNAUTHORIZED", message: bearerRefusalMessage(apiUrl) }),
      );
    if (req.method !== "GET" && req.method !== "HEAD") {
      if (!declaresJson(req.headers))
        return refuseEveryCall(
          req,
          endpoint,
          new TRPCError({ code: "UNSUPPORTED_MEDIA_TYPE", message: JSON_ONLY_MESSAGE }),
        );
      if (requestSite(req.headers, appUrl) === "foreign")
        return refuseEveryCall(
          req,
          endpoint,
          new TRPCError({ code: "FORBIDDEN", message: FOREIGN_ORIGIN_MESSAGE }),
        );
    }
    // Next reads no body for a route handler, and caps none: the cap is kept here.
    const capped = await readCappedBody(req, maxBodyBytes);
    if (capped) return handle(capped);
    return refuseEveryCall(
      req,
      endpoint,
      new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: bodyTooLargeMessage(maxBodyBytes) }),
    );
  };
}

/** What a mutation sent as a form, as text or as bytes is told (a simple request: no preflight). */
export const JSON_ONLY_MESSAGE = "The dashboard's API takes changes as application/json only.";
/** What a mutation another origin's page sent is told (cross-site request forgery). */
export const FOREIGN_ORIGIN_MESSAGE =
  "The dashboard's API takes changes only from the app's own pages.";
