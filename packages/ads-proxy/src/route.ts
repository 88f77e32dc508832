import type { AmazonRegion } from "@adsconnect/amazon";

import { ProxyError } from "./errors";

/** Every proxy path starts with this; apps/api hands such requests to the proxy. */
export const ADS_PROXY_PREFIX = "/ads/";

/** The last segment of the download passthrough: `/ads/{accountId}/{region}/__download?url=…`. */
export const DOWNLOAD_SEGMENT = "__download";

const REGIONS: Readonly<Record<string, AmazonRegion>> = { na: "NA", eu: "EU", fe: "FE" };

/** A request the proxy understood. */
export interface ProxyRoute {
  kind: "ads" | "download";
  /** As the caller wrote it; the hand-out judges it (a malformed id is not found). */
  accountId: string;
  region: AmazonRegion;
  /** The Amazon path, raw (percent-encoding kept), from its leading `/`: `/v2/profiles`. */
  path: string;
  /** The raw query string without `?` (may be empty). */
  query: string;
}

const FORMAT =
  "Proxy paths are /ads/{accountId}/{region}/{Amazon Ads API path}, region na, eu or fe";

/**
 * Reads `/ads/{accountId}/{region}/{path}?{query}` from a request target,
 * refusing (400) anything that could leave the Ads API: an absolute URL,
 * empty segments (`//`), `.` and `..` (also percent-encoded), encoded
 * slashes or backslashes, control characters, `__`-prefixed segments (the
 * sandbox's admin and download namespaces) and any first segment outside
 * `allowed` (ADS_API_PATH_PREFIXES, listed in the message).
 */
export function parseRoute(target: string, allowed: ReadonlySet<string>): ProxyRoute {
  if (!target.startsWith("/"))
    throw new ProxyError(400, "invalid_path", `Absolute URLs are not accepted. ${FORMAT}.`);
  if (!target.startsWith(ADS_PROXY_PREFIX)) throw new ProxyError(404, "not_found", `${FORMAT}.`);
  const q = target.indexOf("?");
  const pathPart = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? "" : target.slice(q + 1);
  const segments = pathPart.slice(ADS_PROXY_PREFIX.length).split("/");
  const [accountId, regionSlug] = segments;
  const rest = segments.slice(2);
  if (!accountId || regionSlug === undefined || rest.length === 0 || rest.join("") === "")
    throw new ProxyError(400, "invalid_path", `${FORMAT}: e.g. /ads/{accountId}/na/v2/profiles.`);
  const region = REGIONS[regionSlug.toLowerCase()];
  if (!region)
    throw new ProxyError(
      400,
      "invalid_region",
      `Unknown region "${clip(regionSlug)}": use na (North America), eu (Europe) or fe (Far East).`,
    );

  if (rest.length === 1 && rest[0] === DOWNLOAD_SEGMENT)
    return { kind: "download", accountId, region, path: `/${DOWNLOAD_SEGMENT}`, query };

  for (const segment of rest) checkSegment(segment);
  const first = rest[0]!;
  if (!allowed.has(first))
    throw new ProxyError(
      400,
      "invalid_path",
      `"/${clip(first)}" is not an Amazon Ads API path the proxy forwards. Paths must start with one of: ${[
        ...allowed,
      ]
        .map((p) => `/${p}/`)
        .join(", ")}; report files go through /ads/{accountId}/{region}/${DOWNLOAD_SEGMENT}?url=….`,
    );
  return { kind: "ads", accountId, region, path: `/${rest.join("/")}`, query };
}

function checkSegment(segment: string): void {
  if (segment === "")
    throw new ProxyError(400, "invalid_path", "Empty path segments (//) are not accepted.");
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new ProxyError(400, "invalid_path", "The path has a malformed percent-encoding.");
  }
  if (decoded === "." || decoded === "..")
    throw new ProxyError(400, "invalid_path", "Path segments . and .. are not accepted.");
  if (/[/\\]/.test(decoded) || segment.includes("\\"))
    throw new ProxyError(
      400,
      "invalid_path",
      "Encoded slashes and backslashes are not accepted in the path.",
    );
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded))
    throw new ProxyError(400, "invalid_path", "Control characters are not accepted in the path.");
  if (segment.startsWith("__"))
    throw new ProxyError(
      400,
      "invalid_path",
      `Path segments starting with "__" are not Amazon Ads API paths.`,
    );
}

/**
 * The query without `profileId` (which names the scope) and that value: raw
 * parts are kept as sent, so Amazon sees the caller's own encoding.
 */
export function takeProfileId(query: string): { query: string; profileIds: string[] } {
  if (!query.includes("profileId")) return { query, profileIds: [] };
  const kept: string[] = [];
  const profileIds: string[] = [];
  for (const part of query.split("&")) {
    const eq = part.indexOf("=");
    const name = safeDecode(eq === -1 ? part : part.slice(0, eq));
    if (name === "profileId") profileIds.push(safeDecode(eq === -1 ? "" : part.slice(eq + 1)));
    else kept.push(part);
  }
  return { query: kept.join("&"), profileIds };
}

/** The query's parameter names only, for logs (values may be anything). */
export function queryNames(query: string): string {
  if (query === "") return "";
  return query
    .split("&")
    .map((part) => {
      const eq = part.indexOf("=");
      return safeDecode(eq === -1 ? part : part.slice(0, eq));
    })
    .join("&");
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}

function clip(text: string): string {
  const shown = safeDecode(text);
  return shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
}
