/** Reading what Amazon says about a failure: its error code, its words, its request id. */
import { AmazonError, type AmazonErrorKind } from "./errors";
import type { HttpResponse } from "./http";
import { redact } from "./redact";

export interface ErrorDetails {
  /** `error` (LwA), `code` (classic Ads API) or `errors[0].errorType` (DSP). */
  code: string | null;
  /** `error_description`, `details`, `errors[0].message` or `message`. */
  description: string | null;
  /** A request id written in the body (DSP and some classic errors carry one). */
  bodyRequestId: string | null;
}

function text(value: unknown): string | null {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

/** Any of Amazon's three error body shapes; an HTML or empty body gives all nulls. */
export function readErrorBody(body: string): ErrorDetails {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { code: null, description: null, bodyRequestId: null };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { code: null, description: null, bodyRequestId: null };
  }
  const o = json as Record<string, unknown>;
  const first: Record<string, unknown> =
    Array.isArray(o.errors) && typeof o.errors[0] === "object" && o.errors[0] !== null
      ? (o.errors[0] as Record<string, unknown>)
      : {};
  return {
    code: text(o.error) ?? text(o.code) ?? text(first.errorType),
    description:
      // errors[0].message names the problem ("… is a seller profile, not a DSP entity"), where
      // a DSP body's top-level message is only "Bad Request".
      text(o.error_description) ?? text(o.details) ?? text(first.message) ?? text(o.message),
    bodyRequestId: text(o.requestId),
  };
}

const REQUEST_ID_HEADERS = ["x-amz-request-id", "x-amz-rid", "x-amzn-requestid"] as const;

export function requestIdFrom(headers: Headers): string | null {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name)?.trim();
    if (value) return value;
  }
  return null;
}

/** `Retry-After` as whole seconds: delta-seconds or an HTTP date (RFC 9110 allows both). */
export function retryAfterFrom(headers: Headers, now: number = Date.now()): number | null {
  const value = headers.get("retry-after")?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export interface Verdict {
  kind: AmazonErrorKind;
  /** What the person or the operator should do next. */
  advice: string;
}

/**
 * A non-2xx answer as an AmazonError: the status, Amazon's code and words (with the request's
 * secrets cut out), what to do, how long Amazon asks us to wait, and the request id to quote.
 */
export function errorFromResponse(
  res: HttpResponse,
  operation: string,
  secrets: readonly string[],
  judge: (status: number, code: string | null) => Verdict,
): AmazonError {
  const details = readErrorBody(res.body);
  const { kind, advice } = judge(res.status, details.code);
  const code = details.code && redact(details.code, secrets);
  const description = details.description && redact(details.description, secrets);
  const retryAfterSeconds = retryAfterFrom(res.headers);
  const requestId = res.requestId ?? details.bodyRequestId;
  const said = [code, description].filter(Boolean).join(": ");
  return new AmazonError({
    amazonKind: kind,
    status: res.status,
    code,
    requestId,
    retryAfterSeconds,
    message: [
      `${operation}: HTTP ${res.status}${said ? ` (${said})` : ""}.`,
      advice,
      retryAfterSeconds === null ? "" : `Amazon asks to wait ${retryAfterSeconds} s.`,
      requestId ? `Amazon request id: ${requestId}.` : "",
    ]
      .filter(Boolean)
      .join(" "),
  });
}
