import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

import { AdsConnectError } from "@adsconnect/errors";
import type { ResolvedAddress, WebhookSettings } from "@adsconnect/services";
import ipaddr from "ipaddr.js";

/** Where a delivery may connect: the URL and the one address it was checked against. */
export interface CheckedTarget {
  url: URL;
  /** Connect here, not to whatever the name resolves to later (DNS rebinding). */
  address: ResolvedAddress;
}

/** A URL the SSRF rules refuse, with a message an admin can act on. */
export class WebhookUrlRefusedError extends AdsConnectError {
  override readonly name = "WebhookUrlRefusedError";
  constructor(message: string) {
    super("invalid_input", message);
  }
}

/** How long a name lookup may take when the settings name no `timeoutMs` (WEBHOOK_TIMEOUT_MS's default). */
const DEFAULT_RESOLVE_TIMEOUT_MS = 10_000;

/** The addresses, or "late" once `ms` have passed (a lookup cannot be stopped; it is left to finish). */
function resolveWithin(
  resolve: (hostname: string) => Promise<ResolvedAddress[]>,
  hostname: string,
  ms: number,
): Promise<ResolvedAddress[] | "late"> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((settle) => (timer = setTimeout(() => settle("late"), ms)));
  return Promise.race([resolve(hostname), late]).finally(() => clearTimeout(timer));
}

async function systemResolve(hostname: string): Promise<ResolvedAddress[]> {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

/**
 * ipaddr.js's name for the address's range: only "unicast" is public. An IPv4-mapped IPv6 address
 * (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
 */
function rangeOf(address: string): string {
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    return (parsed as ipaddr.IPv6).toIPv4Address().range();
  return parsed.range();
}

/** In words, for refusals: loopback, private, link-local (cloud metadata), CGNAT, unique-local… */
const RANGE_WORDS: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private address",
  linkLocal: "a link-local address (where cloud metadata services live)",
  carrierGradeNat: "a carrier-grade NAT address",
  uniqueLocal: "a unique-local address",
  unspecified: "an unspecified address",
};

/**
 * Checks an endpoint URL under the SSRF rules and picks the address to connect to. In production:
 * https only, and every address the host resolves to must be public (not loopback, private,
 * link-local/metadata, CGNAT, unique-local, multicast or reserved). Elsewhere http and any
 * address are allowed (a receiver on 127.0.0.1). Run when an endpoint is saved and again before
 * every delivery, whose connection is pinned to the address returned. The name lookup has
 * `timeoutMs` at most (a stalled resolver neither hangs a save nor outlasts a delivery's lease).
 */
export async function checkWebhookUrl(
  rawUrl: string,
  settings: Pick<WebhookSettings, "production" | "resolve"> &
    Partial<Pick<WebhookSettings, "timeoutMs">>,
): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new WebhookUrlRefusedError("The endpoint URL is not a valid URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new WebhookUrlRefusedError("The endpoint URL must start with https://.");
  if (settings.production && url.protocol !== "https:")
    throw new WebhookUrlRefusedError(
      "The endpoint URL must use https:// (http is allowed only in development).",
    );
  if (url.username || url.password)
    throw new WebhookUrlRefusedError("The endpoint URL must not carry a user name or password.");

  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: ResolvedAddress[];
  if (isIP(hostname)) addresses = [{ address: hostname, family: isIP(hostname) === 6 ? 6 : 4 }];
  else {
    const timeoutMs = settings.timeoutMs ?? DEFAULT_RESOLVE_TIMEOUT_MS;
    let found: ResolvedAddress[] | "late";
    try {
      found = await resolveWithin(settings.resolve ?? systemResolve, hostname, timeoutMs);
    } catch {
      found = [];
    }
    if (found === "late")
      throw new WebhookUrlRefusedError(
        `The endpoint's host ${hostname} did not resolve within ${timeoutMs} ms; check the name, or try again later.`,
      );
    addresses = found;
    if (addresses.length === 0)
      throw new WebhookUrlRefusedError(
        `The endpoint's host ${hostname} does not resolve to any address.`,
      );
  }
  if (settings.production) {
    for (const { address } of addresses) {
      const range = rangeOf(address);
      if (range !== "unicast")
        throw new WebhookUrlRefusedError(
          `The endpoint's host ${hostname} resolves to ${RANGE_WORDS[range] ?? `a ${range} address`} (${address}); endpoints must be reachable on the public internet.`,
        );
    }
  }
  return { url, address: addresses[0]! };
}
