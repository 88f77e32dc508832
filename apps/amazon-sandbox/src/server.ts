/**
 * The Amazon sandbox as a library: a node:http server that behaves like Login with Amazon and
 * the Ads API under `/{region}/...` (region = na | eu | fe), plus the `/__sandbox/` admin API.
 *
 *   const sandbox = createAmazonSandbox({ allowedRedirectUris: ["http://localhost:3000/api/amazon/callback"] });
 *   const { url } = await sandbox.listen(0);
 *   // AMAZON_BASE_URL = `${url}/na`
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdminHandler } from "./admin";
import { handleDspAdvertisers, handleProfiles, handleUserProfile } from "./ads-api";
import { bearerToken } from "./ads-common";
import { systemClock, type Clock } from "./clock";
import { handleConsent } from "./consent";
import { createControls, type SandboxControls } from "./controls";
import type { SandboxCore } from "./core";
import {
  BodyTooLargeError,
  drainBody,
  header,
  sendClassicError,
  sendJson,
  type RequestContext,
} from "./http";
import { handleCreateReport, handleDownload, handleGetReport } from "./reports";
import { queryObject, type AuthorizationSeen, type LoggedRequest } from "./request-log";
import { SEEDED_USERS, type Region, type SandboxUser } from "./seed";
import { handleSpCampaignsList } from "./sp-campaigns";
import { SandboxState, type AdsEndpoint } from "./state";
import { handleToken } from "./token-endpoint";
import { deriveSigningKey, TokenCodec } from "./tokens";

export { REGIONS, SEEDED_USERS, DSP_ADVERTISERS } from "./seed";
export type { Region, SandboxUser, SandboxProfile, DspAdvertiser, UserKind } from "./seed";
export type {
  AdsEndpoint,
  AdsFailureFault,
  Counters,
  DownloadAbortFault,
  FaultState,
  Latency,
  ReportFailureFault,
  ReportSettings,
  TokenChaos,
  TokenChaosKind,
  TokenFailureFault,
  TokenGrantType,
  TokenHangFault,
} from "./state";
export type { AuthorizationSeen, LoggedRequest } from "./request-log";
export type { SpCampaign } from "./campaigns";
export type { ReportStatus } from "./reports";
export type { Grant, Health, MintGrantsOptions, UserDescription } from "./controls";
export type { Clock } from "./clock";

export const DEFAULT_CLIENT_ID = "amzn1.application-oa2-client.sandbox";
/** A fixed development secret; never a real one. */
export const DEFAULT_CLIENT_SECRET =
  "amzn1.oa2-cs.v1.sandbox-development-secret-not-for-production";

export interface AmazonSandboxOptions {
  /** LwA client id of the one registered app. Default `amzn1.application-oa2-client.sandbox`. */
  clientId?: string;
  /** Its client secret. Default DEFAULT_CLIENT_SECRET. */
  clientSecret?: string;
  /** Allowed return URLs, matched exactly. Default `["http://localhost:3000/api/amazon/callback"]`. */
  allowedRedirectUris?: string[];
  /** Access token lifetime. Default 3600. */
  accessTokenLifetimeSeconds?: number;
  /** Authorization code lifetime. Default 300 (Amazon's five minutes). */
  codeLifetimeSeconds?: number;
  /** Time source for token and code expiry. Default the system clock. */
  clock?: Clock;
  /**
   * Secret that signs refresh and access tokens. Default: derived from the client secret, so
   * tokens survive a restart with the same configuration.
   */
  signingSecret?: string;
}

export interface AmazonSandbox extends SandboxControls {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly users: readonly SandboxUser[];
  /** `http://host:port` once listening. */
  readonly url: string | undefined;
  /** Starts listening; port 0 (the default) picks a free port. Host default 127.0.0.1. */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  /** Stops listening, drops open and hung connections and pending timers. */
  close(): Promise<void>;
  /** The request handler, to mount the sandbox in another server. */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

export function createAmazonSandbox(options: AmazonSandboxOptions = {}): AmazonSandbox {
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const redirectUris = options.allowedRedirectUris ?? ["http://localhost:3000/api/amazon/callback"];
  for (const uri of redirectUris) {
    if (!URL.canParse(uri)) throw new Error(`allowedRedirectUris: not an absolute URL: ${uri}`);
  }
  const core: SandboxCore = {
    config: {
      clientId,
      clientSecret,
      allowedRedirectUris: new Set(redirectUris),
      accessTokenLifetimeSeconds: positive(
        options.accessTokenLifetimeSeconds ?? 3600,
        "accessTokenLifetimeSeconds",
      ),
      codeLifetimeSeconds: positive(options.codeLifetimeSeconds ?? 300, "codeLifetimeSeconds"),
      clock: options.clock ?? systemClock,
    },
    state: new SandboxState(),
    codec: new TokenCodec(deriveSigningKey(options.signingSecret ?? clientSecret)),
    timers: new Set(),
    origin: undefined,
  };
  const controls = createControls(core);
  const admin = createAdminHandler(controls);

  async function route(ctx: RequestContext): Promise<void> {
    const path = ctx.url.pathname;
    if (path.startsWith("/__sandbox/")) return admin(ctx);
    const match = /^\/(na|eu|fe)(\/.*)$/.exec(path);
    const region = match?.[1] as Region | undefined;
    const rest = match?.[2];
    if (region && rest === "/ap/oa") return handleConsent(core, ctx, region);
    if (region && rest === "/auth/o2/token") return handleToken(core, ctx);
    if (region && rest) return ads(ctx, region, rest);
    sendClassicError(ctx, 404, "NOT_FOUND", `Could not find resource for full path: ${path}`);
  }

  /** Which Ads API endpoint serves a path (after the region), if any. */
  function endpointOf(rest: string): AdsEndpoint | null {
    if (rest === "/user/profile") return "userProfile";
    if (rest === "/v2/profiles") return "profiles";
    if (rest === "/dsp/advertisers") return "dspAdvertisers";
    if (rest === "/sp/campaigns/list") return "spCampaigns";
    if (rest === "/reporting/reports") return "reportCreate";
    if (/^\/reporting\/reports\/[^/]+$/.test(rest)) return "reportStatus";
    if (rest.startsWith("/__downloads/")) return "reportDownload";
    return null;
  }

  /** Everything on an Ads API host: logged, body read (and counted) first, then dispatched. */
  async function ads(ctx: RequestContext, region: Region, rest: string): Promise<void> {
    const endpoint = endpointOf(rest);
    const logged = logRequest(ctx, region, rest, endpoint);
    const { body, bytes } = await drainBody(ctx.req, ADS_BODY_LIMIT);
    logged.bodyBytes = bytes;
    ctx.body = body;
    switch (endpoint) {
      case "userProfile":
        return handleUserProfile(core, ctx, region);
      case "profiles":
        return handleProfiles(core, ctx, region);
      case "dspAdvertisers":
        return handleDspAdvertisers(core, ctx, region);
      case "spCampaigns":
        return handleSpCampaignsList(core, ctx, region);
      case "reportCreate":
        return handleCreateReport(core, ctx, region);
      case "reportStatus":
        return handleGetReport(
          core,
          ctx,
          region,
          safeDecode(rest.slice("/reporting/reports/".length)),
        );
      case "reportDownload":
        return handleDownload(core, ctx, region, rest);
      case null:
        return sendClassicError(
          ctx,
          404,
          "NOT_FOUND",
          `Could not find resource for full path: ${ctx.url.pathname}`,
        );
    }
  }

  function authorizationSeen(ctx: RequestContext): {
    seen: AuthorizationSeen;
    userId: string | null;
  } {
    if (header(ctx, "authorization") === undefined) return { seen: "absent", userId: null };
    const token = bearerToken(ctx);
    const claims = token ? core.codec.verifyAccess(token) : undefined;
    if (!claims) return { seen: "invalid", userId: null };
    const expired = core.state.isAccessExpired(claims, core.config.clock.now());
    return { seen: expired ? "expired" : "valid", userId: claims.uid };
  }

  /** Starts the request's log entry and keeps its status, byte count and completion current. */
  function logRequest(
    ctx: RequestContext,
    region: Region,
    rest: string,
    endpoint: AdsEndpoint | null,
  ): LoggedRequest {
    const { req, res } = ctx;
    const amazonHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (name.startsWith("amazon-") && value !== undefined) {
        amazonHeaders[name] = Array.isArray(value) ? value.join(", ") : value;
      }
    }
    const { seen, userId } = authorizationSeen(ctx);
    const logged = core.state.requestLog.add({
      at: new Date(core.config.clock.now()).toISOString(),
      requestId: ctx.requestId,
      region,
      method: req.method ?? "",
      path: rest,
      query: queryObject(ctx.url.searchParams),
      endpoint,
      amazonHeaders,
      contentType: header(ctx, "content-type") ?? null,
      accept: header(ctx, "accept") ?? null,
      authorization: seen,
      tokenUserId: userId,
      bodyBytes: 0,
      status: null,
      responseBytes: 0,
      completed: false,
    });
    ctx.logged = logged;
    const count = (chunk: unknown, encoding?: unknown) => {
      if (res.headersSent) logged.status = res.statusCode;
      if (typeof chunk === "string") {
        logged.responseBytes += Buffer.byteLength(
          chunk,
          typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8",
        );
      } else if (chunk instanceof Uint8Array) {
        logged.responseBytes += chunk.byteLength;
      }
    };
    const write = res.write;
    const end = res.end;
    res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      const result = (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      count(chunk, rest[0]);
      return result;
    } as typeof res.write;
    res.end = function (this: ServerResponse, ...args: unknown[]) {
      const chunk = typeof args[0] === "function" ? undefined : args[0];
      const result = (end as (...a: unknown[]) => ServerResponse).apply(this, args);
      count(chunk, typeof args[1] === "string" ? args[1] : undefined);
      return result;
    } as typeof res.end;
    res.once("finish", () => {
      logged.status = res.statusCode;
      logged.completed = true;
    });
    res.once("close", () => {
      if (res.headersSent) logged.status = res.statusCode;
    });
    return logged;
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const requestId = randomUUID();
    res.setHeader("x-amzn-RequestId", requestId);
    const ctx: RequestContext = {
      req,
      res,
      requestId,
      url: new URL(req.url ?? "/", "http://sandbox.invalid"),
    };
    route(ctx).catch((error: unknown) => {
      // Mid-stream (a download): nothing sensible can follow the bytes already sent.
      if (res.headersSent) return res.destroy();
      if (error instanceof BodyTooLargeError) {
        return sendJson(ctx, 413, { code: "413", details: "Request body too large", requestId });
      }
      console.error("amazon-sandbox: unhandled error", error);
      sendJson(ctx, 500, { code: "INTERNAL_ERROR", details: "Internal error", requestId });
    });
  }

  let server: Server | undefined;
  let url: string | undefined;

  return {
    ...controls,
    clientId,
    clientSecret,
    users: SEEDED_USERS,
    get url() {
      return url;
    },
    handle,
    async listen(port = 0, host = "127.0.0.1") {
      if (server) throw new Error("amazon-sandbox is already listening");
      const s = createServer(handle);
      // Benchmarks hold thousands of concurrent keep-alive connections.
      s.keepAliveTimeout = 65_000;
      s.maxRequestsPerSocket = 0;
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.listen(port, host, () => {
          s.off("error", reject);
          resolve();
        });
      });
      const address = s.address() as AddressInfo;
      const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
      url = `http://${shownHost}:${address.port}`;
      core.origin = url;
      return { url, port: address.port };
    },
    async close() {
      for (const timer of core.timers) clearTimeout(timer);
      core.timers.clear();
      core.state.releaseHung();
      const s = server;
      server = undefined;
      url = undefined;
      core.origin = undefined;
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Ads API request bodies are read up to this size (larger ones are counted, drained and refused). */
const ADS_BODY_LIMIT = 1024 * 1024;

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}
