/**
 * Proof, on a request, that this process's proxy (src/proxy.ts, Clerk's middleware) handled
 * it. Clerk's `auth()` trusts the `x-clerk-auth-*` request headers it finds: the middleware
 * writes them, but a request that reached a page or route without passing the middleware
 * (a path the proxy treats as a static file, a future matcher mistake, a framework
 * bug) would carry whatever its sender wrote. So the proxy also writes a seal, a random
 * value this process alone knows, and getSession() reads no session without it.
 *
 * Next.js bundles the proxy and the app separately but runs them in one process: the
 * value lives on globalThis so both read the same one.
 */
const store = globalThis as unknown as { adsconnectProxySeal?: string };

/** The request header the seal travels in, from the proxy to the app (never to a browser). */
export const PROXY_SEAL_HEADER = "x-adsconnect-proxy-seal";

/** This process's seal. */
export function proxySeal(): string {
  store.adsconnectProxySeal ??= `${crypto.randomUUID()}${crypto.randomUUID()}`;
  return store.adsconnectProxySeal;
}

/** Whether `headers` carry this process's seal, so the proxy ran for the request. */
export function sealedByProxy(headers: Pick<Headers, "get">): boolean {
  const presented = headers.get(PROXY_SEAL_HEADER) ?? "";
  const expected = proxySeal();
  // Constant time in the presented value's content.
  let mismatch = presented.length ^ expected.length;
  for (let i = 0; i < expected.length; i++)
    mismatch |= (presented.charCodeAt(i) || 0) ^ expected.charCodeAt(i);
  return mismatch === 0;
}
