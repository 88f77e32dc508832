import { AmazonError } from "./errors";
import { requestIdFrom } from "./error-response";

export interface HttpSettings {
  fetch: typeof fetch;
  /** Per attempt, body included. */
  timeoutMs: number;
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
    return {
      status: res.status,
      headers: res.headers,
      body,
      requestId: requestIdFrom(res.headers),
    };
  } catch (error) {
    throw transportError(error, request, http.timeoutMs, signal);
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
