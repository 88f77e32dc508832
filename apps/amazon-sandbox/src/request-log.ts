/**
 * The last requests the sandbox received on its Amazon hosts (everything under `/{region}/`
 * except the consent page and the token endpoint), for tests of a proxy in front of it: what was
 * forwarded, with which Amazon headers, and whether a usable bearer token came along. Token values
 * are never kept: only whether the Authorization header was there and what the sandbox made of it.
 */
import type { AdsEndpoint } from "./state";
import type { Region } from "./seed";

/** What the sandbox made of the Authorization header. */
export type AuthorizationSeen =
  /** No Authorization header. */
  | "absent"
  /** A bearer access token this sandbox issued, not expired (early or on time), not revoked. */
  | "valid"
  /** A bearer access token this sandbox issued that has expired or was expired early or revoked. */
  | "expired"
  /** Anything else: another scheme, a malformed or foreign token. */
  | "invalid";

export interface LoggedRequest {
  /** 1, 2, 3, … since start or the last reset; never reused. */
  seq: number;
  /** Arrival time (sandbox clock), ISO 8601. */
  at: string;
  /** The `x-amzn-RequestId` the sandbox answered with (S3-style `x-amz-request-id` for downloads). */
  requestId: string;
  region: Region;
  method: string;
  /** The Amazon path, without the `/{region}` prefix: `/sp/campaigns/list`. */
  path: string;
  /** Query parameters; repeated ones as arrays. `access_token` is redacted. */
  query: Record<string, string | string[]>;
  /** Which endpoint answered; null for a path the sandbox does not serve (404). */
  endpoint: AdsEndpoint | null;
  /** Every `Amazon-*` request header, names lower-cased: clientid, scope, ads-accountid, … */
  amazonHeaders: Record<string, string>;
  contentType: string | null;
  accept: string | null;
  authorization: AuthorizationSeen;
  /** The Amazon user of a valid or expired token; null otherwise. */
  tokenUserId: string | null;
  /** Request body bytes received. */
  bodyBytes: number;
  /** The response status, once the headers are sent. */
  status: number | null;
  /** Response body bytes written so far. */
  responseBytes: number;
  /** True once the whole response was handed to the socket; false while streaming or if cut. */
  completed: boolean;
}

export const REQUEST_LOG_CAPACITY = 1000;

export class RequestLog {
  #entries: LoggedRequest[] = [];
  #seq = 0;

  /** Starts an entry; the caller keeps it and fills in status, bytes and completion. */
  add(entry: Omit<LoggedRequest, "seq">): LoggedRequest {
    this.#seq += 1;
    const full: LoggedRequest = { seq: this.#seq, ...entry };
    this.#entries.push(full);
    if (this.#entries.length > REQUEST_LOG_CAPACITY) this.#entries.shift();
    return full;
  }

  /** The last `limit` entries, oldest first, as copies. */
  list(limit = 50): LoggedRequest[] {
    return structuredClone(this.#entries.slice(-Math.max(0, limit)));
  }

  clear(): void {
    this.#entries = [];
    this.#seq = 0;
  }
}

/** Query parameters as an object; `access_token` (LwA's /user/profile accepts it) is redacted. */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, raw] of params) {
    const value = key === "access_token" ? "[redacted]" : raw;
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return out;
}
