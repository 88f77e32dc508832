/**
 * The caller's IP address, for per-IP limits.
 *
 * Behind `proxyHops` proxies that each append the address they received from to
 * X-Forwarded-For (Railway's edge is one), the caller is the entry `proxyHops` from the right:
 * what a caller writes into the header itself sits further left and is never read. X-Real-IP
 * is never read (a caller can send one, and not every proxy replaces it). With `proxyHops` 0,
 * or when the header has fewer entries than hops, the connection's own address
 * (`socketAddress`) is the caller.
 *
 * The web app cannot see its connection's address (Next's route handlers get a Request), but
 * `next start` writes it into X-Forwarded-For when no proxy sent one: so there, 1 hop reads the
 * proxy's entry behind Railway, and the connection's address when nothing is in front.
 */
export function clientIp(
  forwardedFor: string | string[] | null | undefined,
  socketAddress: string | undefined,
  proxyHops: number,
): string {
  const joined = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const entries = joined
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const fromHeader = proxyHops > 0 ? entries[entries.length - proxyHops] : undefined;
  return normalize(fromHeader ?? socketAddress ?? "unknown");
}

/** `::ffff:1.2.3.4` as `1.2.3.4`, so one caller has one key whichever way it arrived. */
function normalize(address: string): string {
  const ip = address.slice(0, 64);
  return ip.startsWith("::ffff:") && ip.includes(".") ? ip.slice(7) : ip;
}
