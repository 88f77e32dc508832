import { clientIp, rateLimitedError, type RateLimits } from "@adsconnect/rate-limits";

/**
 * The rate limits every API-key request meets on apps/api (/trpc and /ads), before its body is
 * read and before any work it asks for:
 *
 * 1. an address this process saw refused for failed authentications is refused again (429)
 *    without looking the key up, until its window ends;
 * 2. `authenticate()` looks the key up;
 * 3. a failure (no key, unknown, revoked, expired) counts against the caller's IP
 *    (`badApiKeyPerIp`): past it the answer is 429 rather than the surface's 401;
 * 4. an active key counts against its own budget (`apiKey`, by the key's id, shared by every
 *    process on the database): past it, 429.
 *
 * Returns what `authenticate` found (the caller answers a failure with its 401); throws a
 * RateLimitedError (kind `rate_limited`) for a refusal. `keyIdOf` names the key of a success,
 * null for a failure.
 */
export async function admitApiKey<T>(
  rateLimits: RateLimits,
  caller: { forwardedFor: string | string[] | null | undefined; socketAddress: string | undefined },
  authenticate: () => Promise<T>,
  keyIdOf: (found: T) => string | null,
): Promise<T> {
  const { settings } = rateLimits;
  const ip = clientIp(caller.forwardedFor, caller.socketAddress, settings.proxyHops);
  const known = rateLimits.refusedHere("badApiKeyPerIp", ip);
  if (!known.allowed) throw rateLimitedError("badApiKeyPerIp", known.retryAfterSeconds, settings);
  const found = await authenticate();
  const keyId = keyIdOf(found);
  const [name, key] =
    keyId === null ? (["badApiKeyPerIp", ip] as const) : (["apiKey", keyId] as const);
  const verdict = await rateLimits.consume(name, key);
  if (!verdict.allowed) throw rateLimitedError(name, verdict.retryAfterSeconds, settings);
  return found;
}
