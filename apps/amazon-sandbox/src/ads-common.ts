/**
 * What every Ads API endpoint shares: latency and failure faults, the front door's checks (client
 * id header, bearer token, profile scope) and the error bodies of each part of the API.
 *
 * Amazon's Ads API speaks several error dialects, one per service generation:
 * - classic (`/v2/profiles`, `/dsp/...` scope errors): `{ code, details, requestId }`
 * - Sponsored Products v3 (`/sp/...`): `{ code, message }`, code from the OpenAPI's exceptions
 *   (UNAUTHORIZED, ACCESS_DENIED, INVALID_ARGUMENT, UNSUPPORTED_MEDIA_TYPE, THROTTLED, INTERNAL_ERROR)
 * - Reporting v3 (`/reporting/...`): `{ code, detail }` with the status as code ("400", "425")
 * Each endpoint answers all of its errors, the authentication ones included, in its own dialect.
 */
import { ADS_SCOPE, type SandboxCore } from "./core";
import { delay, header, sendJson, type RequestContext } from "./http";
import { findProfileOwner, findUser, type Region, type SandboxProfile } from "./seed";
import type { AdsCall, AdsFailureFault } from "./state";
import type { AccessClaims } from "./tokens";

export type Dialect = "classic" | "dsp" | "lwa" | "sp" | "reporting";

export const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  425: "Too Early",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Endpoint Request Timed-out",
};

const SP_CODES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHORIZED",
  403: "ACCESS_DENIED",
  404: "INVALID_ARGUMENT",
  405: "INVALID_ARGUMENT",
  413: "INVALID_ARGUMENT",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "THROTTLED",
};

/**
 * An error answer in the endpoint's dialect. `classicCode` is the `code` of the classic body
 * ("400", "UNAUTHORIZED", …); the SP dialect derives its code from the status, Reporting uses the
 * status itself.
 */
export function refuse(
  ctx: RequestContext,
  dialect: Dialect,
  status: number,
  classicCode: string,
  message: string,
  headers: Record<string, string | number> = {},
): void {
  switch (dialect) {
    case "sp":
      return sendJson(
        ctx,
        status,
        { code: SP_CODES[status] ?? "INTERNAL_ERROR", message },
        headers,
      );
    case "reporting":
      return sendJson(ctx, status, { code: String(status), detail: message }, headers);
    case "lwa": {
      const error =
        status === 500
          ? "server_error"
          : status >= 429
            ? "temporarily_unavailable"
            : "invalid_request";
      return sendJson(ctx, status, { error, error_description: message }, headers);
    }
    case "dsp":
      if (status >= 429) {
        return sendJson(ctx, status, { message, requestId: ctx.requestId }, headers);
      }
      return sendJson(ctx, status, {
        code: classicCode,
        details: message,
        requestId: ctx.requestId,
      });
    case "classic":
      return sendJson(
        ctx,
        status,
        { code: classicCode, details: message, requestId: ctx.requestId },
        headers,
      );
  }
}

function sendAdsFailure(ctx: RequestContext, dialect: Dialect, fault: AdsFailureFault): void {
  const retryAfter = fault.retryAfterSeconds ?? (fault.status === 429 ? 1 : undefined);
  const headers: Record<string, number> =
    retryAfter === undefined ? {} : { "retry-after": retryAfter };
  refuse(
    ctx,
    dialect,
    fault.status,
    String(fault.status),
    STATUS_TEXT[fault.status] ?? "Error",
    headers,
  );
}

/**
 * Counts nothing (callers count), waits out the Ads latency, applies a matching failure fault and
 * checks the method; false if it already answered.
 */
export async function prelude(
  core: SandboxCore,
  ctx: RequestContext,
  call: AdsCall,
  dialect: Dialect,
  methods: readonly string[] = ["GET"],
): Promise<boolean> {
  await delay(core.state.latency.adsMs, core.timers);
  const fault = core.state.takeAdsFailure(call);
  if (fault) {
    sendAdsFailure(ctx, dialect, fault);
    return false;
  }
  const method = ctx.req.method ?? "";
  if (!methods.includes(method)) {
    refuse(ctx, dialect, 405, "METHOD_NOT_ALLOWED", `${method} is not supported on this resource`, {
      allow: methods.join(", "),
    });
    return false;
  }
  if (ctx.body === undefined) {
    refuse(ctx, dialect, 413, "413", "Request body too large");
    return false;
  }
  return true;
}

export function bearerToken(ctx: RequestContext): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header(ctx, "authorization") ?? "")?.[1];
}

export function validAccessToken(
  core: SandboxCore,
  token: string | undefined,
): AccessClaims | undefined {
  if (!token) return undefined;
  const claims = core.codec.verifyAccess(token);
  if (!claims || core.state.isAccessExpired(claims, core.config.clock.now())) return undefined;
  return claims;
}

/** The Ads API's own checks: client id header, bearer token, and that the two belong together. */
export function authenticateAds(
  core: SandboxCore,
  ctx: RequestContext,
  dialect: Dialect,
): AccessClaims | undefined {
  const clientHeader = header(ctx, "amazon-advertising-api-clientid");
  if (!clientHeader) {
    refuse(ctx, dialect, 400, "400", "Missing required header: Amazon-Advertising-API-ClientId");
    return undefined;
  }
  const claims = validAccessToken(core, bearerToken(ctx));
  if (!claims || !claims.scp.split(" ").includes(ADS_SCOPE)) {
    refuse(ctx, dialect, 401, "UNAUTHORIZED", "HTTP 401 Unauthorized");
    return undefined;
  }
  if (clientHeader !== claims.cid || clientHeader !== core.config.clientId) {
    refuse(
      ctx,
      dialect,
      401,
      "UNAUTHORIZED",
      "Amazon-Advertising-API-ClientId does not match the access token",
    );
    return undefined;
  }
  return claims;
}

/**
 * The profile named by `Amazon-Advertising-API-Scope`, which must be the token user's and on this
 * region's host. Amazon's "Error responses" guide: no header → "Scope header is missing"; a
 * profile of someone else on this host → "Not authorized to access scope"; anything else unknown
 * → "No matching advertiser found for scope"; all 401.
 */
export function resolveScope(
  ctx: RequestContext,
  region: Region,
  claims: AccessClaims,
  dialect: Dialect,
): SandboxProfile | undefined {
  const scope = header(ctx, "amazon-advertising-api-scope")?.trim();
  if (!scope) {
    refuse(ctx, dialect, 401, "UNAUTHORIZED", "Scope header is missing");
    return undefined;
  }
  const own = findUser(claims.uid)?.profiles.find((p) => p.profileId.toString() === scope);
  if (own && own.region === region) return own;
  const owner = /^\d+$/.test(scope) ? findProfileOwner(scope) : undefined;
  if (owner && owner.profile.region === region && owner.user.userId !== claims.uid) {
    refuse(ctx, dialect, 401, "UNAUTHORIZED", `Not authorized to access scope ${scope}`);
    return undefined;
  }
  refuse(ctx, dialect, 401, "UNAUTHORIZED", `No matching advertiser found for scope ${scope}`);
  return undefined;
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(ctx: RequestContext): string | undefined {
  return header(ctx, "content-type")?.split(";")[0]?.trim().toLowerCase() || undefined;
}

/** Parses the JSON body read before routing; undefined (after answering 400) when it is not. */
export function jsonBody(ctx: RequestContext, dialect: Dialect): unknown {
  const text = (ctx.body ?? Buffer.alloc(0)).toString("utf8").trim();
  if (text === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    refuse(ctx, dialect, 400, "400", "Request body is not valid JSON");
    return undefined;
  }
}
