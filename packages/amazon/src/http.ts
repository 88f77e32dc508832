import { AMAZON_PATHS } from "./endpoints";
import { AmazonError } from "./errors";
import { requestIdFrom } from "./error-response";

export interface HttpSettings {
  fetch: typeof fetch;
  /** Per attempt, body included. */
  timeoutMs: number;
  /** Told about every request once it is answered or failed (metrics, Amazon's request id in the log). */
  onRequest?: (record: AmazonRequestRecord) => void;
}

/** One request to Amazon, as metrics and logs see it: no URL, header or body. */
export interface AmazonRequestRecord {
  /** A fixed name (endpointName): never an id. */
  endpoint: string;
  /** The HTTP status, or how it failed without one. */
  status: number | "timeout" | "network";
  durationMs: number;
  /** Amazon's x-amz-request-id (or its kin), when it answered with one. */
  requestId: string | null;
}

const ENDPOINT_NAMES: [suffix: string, name: string][] = [
  [AMAZON_PATHS.token, "lwa_token"],
  [AMAZON_PATHS.userProfile, "lwa_user_profile"],
  [AMAZON_PATHS.profiles, "ads_profiles"],
  [AMAZON_PATHS.dspAdvertisers, "dsp_advertisers"],
];

/** The fixed name of the endpoint a URL calls (lwa_token, ads_profiles, …; `other` otherwise). */
export function endpointName(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return "other";
  }
  return ENDPOINT_NAMES.find(([suffix]) => path.endsWith(suffix))?.[1] ?? "other";
}

function tell(
  http: HttpSettings,
  url: string,
  started: number,
  rest: Omit<AmazonRequestRecord, "endpoint" | "durationMs">,
) {
  if (!http.onRequest) return;
  try {
    http.onRequest({
      endpoint: endpointName(url),
      durationMs: performance.now() - started,
      ...rest,
    });
  } catch {
    // An observer's failure never fails the call.
  }
}

export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  /** Form-encoded or absent. */
  body?: string;
  /** Who we were talking to, for messages: "Login with Amazon token refresh (EU)". */
  operation: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
  requestId: string | null;
}

/**
 * One request, one attempt. Only failures without an HTTP answer become errors here (timeout,
 * network); statuses are judged by the caller, which knows which endpoint it called. The timeout
 * covers reading the body too, so a server that stalls mid-answer cannot hold a worker forever.
 */
export async function sendOnce(http: HttpSettings, request: HttpRequest): Promise<HttpResponse> {
  const signal = AbortSignal.timeout(http.timeoutMs);
  const started = performance.now();
  try {
    const res = await http.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
      // Amazon answers these endpoints directly; a redirect would mean a wrong base URL.
      redirect: "manual",
    });
    const body = await res.text();
    const requestId = requestIdFrom(res.headers);
    tell(http, request.url, started, { status: res.status, requestId });
    return { status: res.status, headers: res.headers, body, requestId };
  } catch (error) {
    const failure = transportError(error, request, http.timeoutMs, signal);
    tell(http, request.url, started, {
      status: failure.amazonKind === "timeout" ? "timeout" : "network",
      requestId: null,
    });
    throw failure;
  }
}

function transportError(
  error: unknown,
  request: HttpRequest,
  timeoutMs: number,
  signal: AbortSignal,
): AmazonError {
  const host = safeHost(request.url);
  const systemError = systemErrorOf(error);
  if (signal.aborted || (error instanceof Error && error.name === "TimeoutError")) {
    return new AmazonError({
      amazonKind: "timeout",
      message: `${request.operation}: ${host} did not answer within ${timeoutMs} ms. Amazon may be slow or unreachable; try again later.`,
    });
  }
  return new AmazonError({
    amazonKind: "network",
    message: `${request.operation}: could not reach ${host} (${systemError?.code ?? "fetch failed"}). Check the network and the Amazon base URL; try again later.`,
    ...(systemError ? { cause: systemError } : {}),
  });
}

/**
 * undici hides the reason in `cause` (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET…). Only that system
 * error is kept: fetch's own TypeErrors can quote a header value, and a header holds the token.
 */
function systemErrorOf(error: unknown): (Error & { code: string }) | null {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && typeof (cause as { code?: unknown }).code === "string") {
    return cause as Error & { code: string };
  }
  return null;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the Amazon host";
  }
}
