import { randomUUID } from "node:crypto";
import type {
  ClientRequest,
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from "node:http";

import { AMAZON_REGIONS, type AmazonRegion } from "@adsconnect/amazon";
import { admitApiKey } from "@adsconnect/api/admit-api-key";
import type { ApiKeyPrincipal } from "@adsconnect/api/authenticate-api-key";
import type { Logger } from "@adsconnect/logger";
import type { Services } from "@adsconnect/services";
import { readAccountTokenRow } from "@adsconnect/tokens/account-row";
import { AccountNotFoundError } from "@adsconnect/tokens/errors";
import type { HandOutServices } from "@adsconnect/tokens/get-access-token";

import { downloadPolicyOf, downloadTarget } from "./download";
import { createLookups, type Lookups } from "./lookups";
import { createCollectionHint } from "./memory";
import { API_KEY_MESSAGE, ProxyError, sendProxyError, toProxyError } from "./errors";
import {
  amazonRequestIdOf,
  downloadRequestHeaders,
  forwardedRequestHeaders,
  passedResponseHeaders,
} from "./headers";
import { resolveOptions, type AdsProxyOptions, type ResolvedProxyOptions } from "./options";
import { backoffMs, isRepeatable, isRetryableStatus, retryAfterMs } from "./retry";
import { parseRoute, queryNames, takeProfileId, type ProxyRoute } from "./route";
import {
  createUpstream,
  targetOf,
  UpstreamError,
  type UpstreamRequest,
  type UpstreamTarget,
} from "./upstream";

/**
 * What the proxy uses from createServices: the pool (API keys, accounts), the
 * hand-out's vault, Amazon clients, refresh settings and clock, and the
 * logger its one line per request goes to.
 */
export type AdsProxyServices = HandOutServices & Pick<Services, "rateLimits">;

/** A node:http listener for requests whose path starts with `/ads/`. */
export interface AdsProxy {
  /** Answers the request (never rejects; failures are answered or logged). */
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Closes the kept-alive connections to Amazon (on shutdown). */
  close(): void;
}

/** A 401 body of at most this size is read to see whether it is about the scope. */
const UNAUTHORIZED_BODY_LIMIT = 64 * 1024;

/** The methods the Ads API is called with; the proxy forwards no other. */
const ADS_API_METHODS: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
]);

/** A method as the caller sent it, cut short for a message. */
const clipMethod = (method: string) => (method.length > 20 ? `${method.slice(0, 20)}…` : method);

/**
 * The Amazon Ads API passthrough, `/ads/{accountId}/{region}/{Amazon path}`,
 * for internal apps with an API key. See the package README for the URL
 * scheme, headers, limits and errors. `services` come from createServices.
 */
export function createAdsProxy(
  services: AdsProxyServices,
  options: AdsProxyOptions = {},
): AdsProxy {
  const settings = resolveOptions(options);
  const upstream = createUpstream(settings.maxSockets);
  const bases = Object.fromEntries(
    AMAZON_REGIONS.map((region) => [
      region,
      targetOf(new URL(services.amazon.endpoints(region).adsApiUrl)),
    ]),
  ) as Record<AmazonRegion, UpstreamTarget>;
  const downloadAllowed = downloadPolicyOf(services.amazon);
  const collectionHint = createCollectionHint(settings.collectGarbageEveryBytes);
  const lookups = createLookups(services, settings.cacheTtlMs);
  // The one line per request is built field by field (REQUEST_LOG_FIELDS), none of which can hold
  // a secret, so it skips the logger's redaction by field name: with its wildcard paths that costs
  // some 70–120 µs a line here, about a tenth of the proxy's CPU per call (bench/ads-proxy). Errors,
  // which may carry anything, still go through services.logger, redacted.
  const requestLog = services.logger.child({}, { redact: [] });

  const proxy = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const x = new Exchange(req, res);
    try {
      const route = (x.route = parseRoute(req.url ?? "/", settings.allowedPathPrefixes));
      // The Ads API's methods only, refused before any key lookup: anything else (TRACE, say,
      // which a hop may echo back with its headers) would carry the account's token.
      if (route.kind === "ads" && !ADS_API_METHODS.has(x.method))
        throw new ProxyError(
          405,
          "method_not_allowed",
          `The Ads API is called with ${[...ADS_API_METHODS].join(", ")}; ${clipMethod(x.method)} is not forwarded.`,
          { allow: [...ADS_API_METHODS].join(", ") },
        );
      const principal = await authenticate(services, lookups, req);
      x.keyPrefix = principal.prefix;
      await settings.authorize(principal, {
        kind: route.kind,
        accountId: route.accountId,
        region: route.region,
        method: x.method,
        path: route.path,
      });
      if (route.kind === "download") await download(x, route, principal);
      else await forward(x, route, principal);
    } catch (error) {
      x.fail(error, services);
    } finally {
      x.log(requestLog);
      services.metrics?.proxyRequests.inc({ outcome: proxyOutcome(x) });
    }
  };

  /** An Ads API call: the account's token injected, retried as the README says, the answer streamed back. */
  async function forward(x: Exchange, route: ProxyRoute, principal: ApiKeyPrincipal) {
    const body = await readBody(x.req, settings.maxRequestBodyBytes);
    const { query, profileIds } = takeProfileId(route.query);
    const scope = scopeOf(x.req.headers, profileIds);
    const headers = forwardedRequestHeaders(x.req);
    if (scope !== undefined) headers["amazon-advertising-api-scope"] = scope;
    if (body !== undefined) headers["content-length"] = String(body.length);
    else if (x.method === "POST" || x.method === "PUT" || x.method === "PATCH")
      headers["content-length"] = "0";

    const handOut = { accountId: route.accountId, workspaceId: principal.workspaceId };
    let grant = await lookups.grant(handOut);
    const withToken = (): OutgoingHttpHeaders => ({
      ...headers,
      authorization: `Bearer ${grant.accessToken}`,
      "amazon-advertising-api-clientid": grant.clientId,
    });
    const base = bases[route.region];
    const request: UpstreamRequest = {
      method: x.method,
      path: `${base.basePath}${route.path}${query === "" ? "" : `?${query}`}`,
      headers: withToken(),
      body,
    };
    await relay(x, base, request, {
      repeatable: isRepeatable(x.method, route.path),
      refresh: async () => {
        grant = await lookups.grant({ ...handOut, rejectedAccessToken: grant.accessToken });
        request.headers = withToken();
      },
    });
  }

  /** A report file from Amazon's storage: no Authorization, no Amazon header, the answer streamed back. */
  async function download(x: Exchange, route: ProxyRoute, principal: ApiKeyPrincipal) {
    if (x.method !== "GET" && x.method !== "HEAD")
      throw new ProxyError(
        405,
        "method_not_allowed",
        "Report downloads are GET (or HEAD) requests.",
        { allow: "GET, HEAD" },
      );
    // The key acts for its workspace: only the workspace's accounts download through the proxy.
    if (!(await readAccountTokenRow(services.pool, route.accountId, principal.workspaceId)))
      throw new AccountNotFoundError();
    const url = downloadTarget(route.query, downloadAllowed);
    x.downloadHost = url.host;
    await relay(
      x,
      targetOf(new URL(url.origin)),
      {
        method: x.method,
        path: `${url.pathname}${url.search}`,
        headers: downloadRequestHeaders(x.req),
        body: undefined,
      },
      { repeatable: true },
    );
  }

  /**
   * Sends `request` until an answer is worth passing on, then streams it to
   * the caller: one refresh and retry after a 401 (when `refresh` is given and
   * the 401 is not about the scope), retries of 429 and 5xx as
   * isRetryableStatus allows and Retry-After within maxRetryWaitMs, one resend
   * on a kept-alive connection Amazon had closed, all within timeoutMs.
   */
  async function relay(
    x: Exchange,
    target: UpstreamTarget,
    request: UpstreamRequest,
    policy: { repeatable: boolean; refresh?: () => Promise<void> },
  ) {
    const deadline = x.startedAt + settings.timeoutMs;
    for (;;) {
      let answer: IncomingMessage;
      x.attempts += 1;
      try {
        answer = await upstream.send(
          target,
          request,
          { deadline, idleTimeoutMs: settings.idleTimeoutMs },
          x.track,
        );
      } catch (error) {
        if (x.clientClosed) return;
        if (!(error instanceof UpstreamError)) throw error;
        if (error.reason === "timeout")
          throw new ProxyError(
            504,
            "upstream_timeout",
            `Amazon did not answer within ${settings.timeoutMs} ms; try again later.`,
          );
        if (error.staleConnection && !x.resentOnStale) {
          x.resentOnStale = true;
          continue;
        }
        if (policy.repeatable && (await x.retryAfter(null, settings, deadline))) continue;
        if (x.clientClosed) return;
        throw new ProxyError(
          502,
          "upstream_unreachable",
          "adsconnect could not reach Amazon just now; try again shortly.",
        );
      }

      const status = answer.statusCode ?? 502;
      x.amazonRequestId = amazonRequestIdOf(answer.headers) ?? x.amazonRequestId;
      if (status === 401 && policy.refresh && !x.tokenRefreshed) {
        const text = await readUpTo(answer, UNAUTHORIZED_BODY_LIMIT);
        // A scope refusal comes after the token was accepted: a new token would change nothing.
        if (text !== null && /scope/i.test(text.toString("utf8")))
          return x.sendBuffered(answer, status, text);
        x.tokenRefreshed = true;
        await policy.refresh();
        continue;
      }
      if (
        isRetryableStatus(status, policy.repeatable) &&
        (await x.retryAfter(answer, settings, deadline))
      )
        continue;
      if (x.clientClosed) {
        answer.destroy();
        return;
      }
      return x.stream(answer, status, collectionHint);
    }
  }

  return Object.assign(proxy, { close: () => upstream.close() });
}

/** A request's outcome as a bounded metric label: the answer's status class, or client_closed. */
function proxyOutcome(x: Exchange): string {
  if (x.clientClosed) return "client_closed";
  const status = x.status ?? 500;
  return status >= 500 ? "5xx" : status >= 400 ? "4xx" : status >= 300 ? "3xx" : "2xx";
}

/** Every field of the proxy's request log line: ids, counts, codes, a path with parameter names only. */
export const REQUEST_LOG_FIELDS = [
  "requestId",
  "method",
  "accountId",
  "region",
  "path",
  "downloadHost",
  "status",
  "durationMs",
  "amazonRequestId",
  "attempts",
  "retries",
  "tokenRefreshed",
  "keyPrefix",
  "error",
  "clientClosed",
  "incomplete",
] as const;
type RequestLogField = (typeof REQUEST_LOG_FIELDS)[number];

/** One request through the proxy: its state, its answer and its log line. */
class Exchange {
  readonly startedAt = Date.now();
  readonly started = performance.now();
  readonly requestId: string;
  readonly method: string;
  route: ProxyRoute | undefined;
  keyPrefix: string | undefined;
  status: number | undefined;
  error: string | undefined;
  amazonRequestId: string | undefined;
  downloadHost: string | undefined;
  attempts = 0;
  retries = 0;
  tokenRefreshed = false;
  resentOnStale = false;
  clientClosed = false;
  incomplete = false;
  #current: ClientRequest | undefined;
  #answer: IncomingMessage | undefined;
  #wake: (() => void) | undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
  ) {
    this.method = req.method ?? "GET";
    this.requestId = requestIdOf(req.headers["x-request-id"]);
    res.once("close", () => {
      // Finished, or cut by the proxy because Amazon's answer broke off first: not the caller.
      if (res.writableFinished || this.#answer?.readableAborted) return;
      // The caller went away: stop whatever is under way for it.
      this.clientClosed = true;
      this.#current?.destroy();
      this.#wake?.();
    });
  }

  readonly track = (request: ClientRequest) => {
    this.#current = request;
  };

  /**
   * Waits before a retry when one is due: Retry-After (when within
   * maxRetryWaitMs), else a jittered backoff; false (and nothing waited)
   * when retries are spent, the wait is too long or would pass the deadline.
   * Drains `answer` when it waits.
   */
  async retryAfter(
    answer: IncomingMessage | null,
    settings: ResolvedProxyOptions,
    deadline: number,
  ): Promise<boolean> {
    if (this.retries >= settings.maxRetries) return false;
    const asked = answer ? retryAfterMs(answer.headers["retry-after"]) : null;
    const wait =
      asked ?? backoffMs(this.retries, settings.retryBaseDelayMs, settings.maxRetryWaitMs);
    if (wait > settings.maxRetryWaitMs || Date.now() + wait >= deadline) return false;
    answer?.resume();
    this.retries += 1;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = undefined;
    return !this.clientClosed;
  }

  /** Amazon's answer, status and headers (minus hop-by-hop), its body streamed (`hint`: see memory.ts). */
  async stream(
    answer: IncomingMessage,
    status: number,
    hint: ((chunk: Buffer) => void) | null,
  ): Promise<void> {
    this.status = status;
    this.#answer = answer;
    this.res.writeHead(status, passedResponseHeaders(answer, this.requestId));
    if (this.method === "HEAD" || status === 204 || status === 304) {
      answer.resume();
      this.res.end();
      return;
    }
    if (hint) answer.on("data", hint);
    // pipe() with backpressure, rather than stream.pipeline, which makes (and aborts) an
    // AbortController per call: a measurable share of a small call's cost here.
    const res = this.res;
    await new Promise<void>((resolve) => {
      let settled = false;
      const done = (complete: boolean) => {
        if (settled) return;
        settled = true;
        if (!complete) {
          // Amazon's side broke off, the idle timeout cut it, or the caller left: the caller's
          // connection is closed, so a body shorter than its Content-Length shows it.
          this.incomplete = true;
          answer.destroy();
          res.destroy();
        }
        resolve();
      };
      // Kept for good: a reset that races the caller's departure must not go unheard (uncaught).
      answer.on("error", () => done(false));
      res.once("close", () => done(res.writableFinished));
      answer.pipe(res);
    });
  }

  /** Amazon's answer whose body was read already (a 401 about the scope). */
  sendBuffered(answer: IncomingMessage, status: number, body: Buffer): void {
    this.status = status;
    const headers = passedResponseHeaders(answer, this.requestId);
    this.res.writeHead(status, headers);
    this.res.end(body);
  }

  /** Answers a failure with the proxy's JSON error (or cuts a stream already begun). */
  fail(error: unknown, services: AdsProxyServices): void {
    // A caller that left mid-request (its body cut short, say) is logged as 499, nothing more.
    if (this.clientClosed) return;
    const refusal = toProxyError(error);
    this.error = refusal.code;
    if (refusal.code === "internal")
      services.logger.error({ err: error, requestId: this.requestId }, "ads proxy request failed");
    if (this.res.headersSent) {
      this.incomplete = true;
      this.res.destroy();
      return;
    }
    this.status = refusal.status;
    // A body still arriving (a refusal before it was read: 401, 429, 413) is not drained.
    if (!this.req.complete) this.res.setHeader("connection", "close");
    sendProxyError(this.res, refusal, this.requestId);
  }

  /** One line per request: never a body, a token, a key or a query value. */
  log(logger: Logger): void {
    const route = this.route;
    const names = route ? queryNames(route.query) : "";
    const line: Record<RequestLogField, string | number | boolean | undefined> = {
      requestId: this.requestId,
      method: this.method,
      accountId: route?.accountId,
      region: route?.region,
      path: route
        ? route.kind === "download"
          ? route.path
          : `${route.path}${names ? `?${names}` : ""}`
        : (this.req.url ?? "").split("?")[0]!.slice(0, 200),
      downloadHost: this.downloadHost,
      status: this.clientClosed ? 499 : this.status,
      durationMs: Math.round((performance.now() - this.started) * 10) / 10,
      amazonRequestId: this.amazonRequestId,
      attempts: this.attempts,
      retries: this.retries || undefined,
      tokenRefreshed: this.tokenRefreshed || undefined,
      keyPrefix: this.keyPrefix,
      error: this.error,
      clientClosed: this.clientClosed || undefined,
      incomplete: this.incomplete || undefined,
    };
    logger.info(line, "ads proxy request");
  }
}

/**
 * The key's principal, judged with the rate limits before the body is read (admitApiKey: a
 * missing or unknown key counts against the caller's IP, an active one against its own
 * budget; a refusal is 429 `rate_limited` with Retry-After), or 401.
 */
async function authenticate(
  services: AdsProxyServices,
  lookups: Lookups,
  req: IncomingMessage,
): Promise<ApiKeyPrincipal> {
  const key = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
  const principal = await admitApiKey(
    services.rateLimits,
    { forwardedFor: req.headers["x-forwarded-for"], socketAddress: req.socket.remoteAddress },
    () => (key ? lookups.principal(key) : Promise.resolve(null)),
    (found) => found?.id ?? null,
  );
  if (!principal)
    throw new ProxyError(401, "unauthorized", API_KEY_MESSAGE, {
      "www-authenticate": 'Bearer realm="adsconnect"',
    });
  return principal;
}

/**
 * The request body, buffered (so a 401 can be retried) up to `max` bytes;
 * undefined when the request has none. Beyond `max`: 413, and the connection
 * closes after the answer (the rest of the body is not read).
 */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const declared = req.headers["content-length"];
  if (declared === undefined && req.headers["transfer-encoding"] === undefined)
    return Promise.resolve(undefined);
  const tooLarge = () =>
    new ProxyError(
      413,
      "body_too_large",
      `Request bodies may be at most ${max} bytes (Ads API requests are small JSON documents).`,
      { connection: "close" },
    );
  if (declared !== undefined && Number(declared) > max) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        cleanUp();
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanUp();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    const cleanUp = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/**
 * The whole body when it is at most `max` bytes, else null (the stream is
 * then destroyed); null too when it breaks off (a retry follows anyway).
 */
async function readUpTo(stream: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) return null;
      chunks.push(chunk);
    }
  } catch {
    return null;
  }
  return Buffer.concat(chunks, size);
}

const PROFILE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The scope: the `profileId` parameter or the caller's Amazon-Advertising-API-Scope, which must agree. */
function scopeOf(headers: IncomingHttpHeaders, profileIds: string[]): string | undefined {
  const header = headers["amazon-advertising-api-scope"];
  const fromHeader = Array.isArray(header) ? header.join(", ") : header;
  if (profileIds.length === 0) return fromHeader;
  const [profileId] = profileIds;
  if (profileIds.length > 1 || !PROFILE_ID.test(profileId!))
    throw new ProxyError(
      400,
      "invalid_scope",
      "Pass one profileId (a profile id from GET /v2/profiles), or the Amazon-Advertising-API-Scope header.",
    );
  if (fromHeader !== undefined && fromHeader.trim() !== profileId)
    throw new ProxyError(
      400,
      "invalid_scope",
      "The profileId parameter and the Amazon-Advertising-API-Scope header name different profiles: send one.",
    );
  return profileId;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's x-request-id when it is a plain token, else a new UUID. */
function requestIdOf(given: string | string[] | undefined): string {
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}
