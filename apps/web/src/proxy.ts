import { requestIdFrom } from "@adsconnect/logger";
import { clerkMiddleware } from "@clerk/nextjs/server";
import { NextRequest, NextResponse, type NextFetchEvent } from "next/server";

import { frontendApiHostOf } from "@adsconnect/auth";

import { env } from "@/env";
import { getAuthSettings } from "@/server/auth-settings";
import {
  checkLocalSession,
  clearLocalSession,
  SESSION_COOKIE,
  setLocalSession,
} from "@/server/local-session";
import { PROXY_SEAL_HEADER, proxySeal } from "@/server/proxy-seal";
import { newNonce, securityHeaders, type SecurityHeaderOptions } from "@/server/security-headers";
import { getServices } from "@/server/services";

/**
 * Every request to the web app passes here (`config.matcher`). All but Next's own files and
 * static assets (isStatic) pass through Clerk's middleware, which verifies the session
 * cookie and never blocks: each page, route handler and tRPC procedure checks auth itself
 * (Clerk 7's `auth.protect()` here would answer API calls with a redirect, not a 401).
 *
 * What reaches the app is what this proxy decides, never what the sender wrote about the
 * session:
 * - every inbound `x-clerk-*` header is dropped, so `auth()` reads only what Clerk's
 *   middleware writes on its way through;
 * - the request carries this process's seal (src/server/proxy-seal.ts), without which
 *   getSession() reads no session at all;
 * - Clerk sees no Authorization header: sessions here are cookies. Clerk never verifies a
 *   bearer (nor sends one to its API, as it would `ak_`/`mt_`/`oat_` machine tokens), and the
 *   app refuses any bearer itself (the dashboard's /api/trpc answers 401 naming API_URL).
 *
 * `jwtKey` is passed explicitly: @clerk/nextjs 7 does not read CLERK_JWT_KEY, and without it
 * every request fetches Clerk's keys over the network. `authorizedParties` is APP_URL's origin:
 * a session token minted for another site (its `azp`), or naming none, signs nobody in.
 *
 * Every response also gets the security headers (src/server/security-headers.ts): a CSP with a
 * nonce made for this request, which Next reads from the request's own CSP header and puts on
 * the scripts it renders. Next's own files and static assets pass here too, for the headers
 * alone: no session handling, no seal.
 */
const settings = getAuthSettings();

/** What each request Clerk handles hands on to the app, by the request object Clerk was given. */
const forwarded = new WeakMap<Request, Headers>();

const appOrigin = new URL(env.APP_URL).origin;

const headerOptions: SecurityHeaderOptions = {
  appUrl: env.APP_URL,
  clerkFrontendApi:
    settings.provider === "clerk" ? frontendApiHostOf(settings.publishableKey) : null,
  development: env.NODE_ENV === "development",
};

const clerk = clerkMiddleware(
  // Runs once Clerk has verified the session; Clerk then adds its own `x-clerk-auth-*`
  // headers to exactly these.
  (_auth, request) => {
    const headers = forwarded.get(request);
    if (!headers) throw new Error("proxy: Clerk handled a request the proxy did not prepare");
    return NextResponse.next({ request: { headers } });
  },
  settings.provider === "clerk"
    ? {
        publishableKey: settings.publishableKey,
        jwtKey: settings.jwtKey,
        authorizedParties: [appOrigin],
        signInUrl: "/sign-in",
        signUpUrl: "/sign-up",
      }
    : {
        publishableKey: settings.issuer.publishableKey,
        secretKey: settings.issuer.secretKey,
        jwtKey: settings.issuer.jwtKey,
        authorizedParties: [appOrigin],
        signInUrl: "/sign-in",
        signUpUrl: "/sign-up",
      },
);

const secureCookies = env.APP_URL.startsWith("https://");

/**
 * Clerk's middleware answers a page navigation that arrives from another site
 * (Amazon's consent page redirecting to /api/amazon/callback) with a handshake
 * at Clerk's Frontend API, to sync satellite domains. The local issuer has no
 * Frontend API (its host can never resolve) and no satellites, so in local
 * mode a cross-site Referer is dropped before Clerk sees the request.
 */
function dropCrossSiteReferer(headers: Headers, origin: string): void {
  const referer = headers.get("referer");
  if (referer && !(URL.canParse(referer) && new URL(referer).origin === origin))
    headers.delete("referer");
}

/**
 * The request Clerk's middleware sees, and (remembered for its handler) the headers the app
 * gets: both without any inbound `x-clerk-*` header, and with this request's CSP and nonce in
 * place of any the sender wrote; the app's with this process's seal; Clerk's without
 * Authorization.
 */
function prepare(
  incoming: NextRequest,
  csp: string,
  nonce: string,
  requestId: string,
): NextRequest {
  const headers = new Headers();
  incoming.headers.forEach((value, name) => {
    if (!name.startsWith("x-clerk-") && name !== PROXY_SEAL_HEADER) headers.set(name, value);
  });
  headers.set(REQUEST_ID_HEADER, requestId);
  if (settings.provider === "local") dropCrossSiteReferer(headers, incoming.nextUrl.origin);
  headers.delete("content-security-policy-report-only");
  headers.set("content-security-policy", csp);
  headers.set("x-nonce", nonce);
  const forClerk = new Headers(headers);
  forClerk.delete("authorization");
  headers.set(PROXY_SEAL_HEADER, proxySeal());
  const request = new NextRequest(incoming, { headers: forClerk });
  forwarded.set(request, headers);
  return request;
}

/**
 * Paths the proxy only adds headers to: Next's own files and static assets (unless named in
 * search params), as the matcher used to leave out. A page reached at such a path gets no
 * session: it carries no seal (src/server/proxy-seal.ts). API routes are never static.
 */
const STATIC_PATH =
  /^\/(?:_next|[^?]*\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest))/;

function isStatic(pathname: string) {
  return !/^\/(?:api|trpc)(?:\/|$)/.test(pathname) && STATIC_PATH.test(pathname);
}

/**
 * `response` with the security headers of this request (its CSP with `nonce`) and its request
 * id, which a person can quote and which the route's log lines carry.
 */
function secured(response: Response, nonce: string | null, requestId: string): Response {
  const out =
    response instanceof NextResponse ? response : new NextResponse(response.body, response);
  for (const [name, value] of securityHeaders(nonce, headerOptions)) out.headers.set(name, value);
  out.headers.set(REQUEST_ID_HEADER, requestId);
  return out;
}

/**
 * Every request's id: the sender's x-request-id when well-formed (REQUEST_ID_PATTERN), else a
 * new one; the app's routes read it from the request (`requestIdFrom` keeps it as it is).
 */
const REQUEST_ID_HEADER = "x-request-id";

/**
 * Webhooks (src/app/api/webhooks/) are called by other services' servers, never a browser:
 * they carry no session and are authenticated by their own signature. Like static files they
 * get the headers only: no Clerk middleware (which could answer with a handshake redirect), no
 * seal (their routes never read a session).
 */
const WEBHOOKS_PATH = "/api/webhooks/";

export default async function proxy(incoming: NextRequest, event: NextFetchEvent) {
  const { pathname } = incoming.nextUrl;
  const requestId = requestIdFrom(incoming.headers.get(REQUEST_ID_HEADER));
  if (isStatic(pathname) || pathname.startsWith(WEBHOOKS_PATH)) {
    // Nothing here is sealed; and no nonce the sender wrote reaches a renderer.
    const headers = new Headers(incoming.headers);
    for (const name of [PROXY_SEAL_HEADER, "content-security-policy", "x-nonce"]) {
      headers.delete(name);
    }
    headers.set(REQUEST_ID_HEADER, requestId);
    return secured(NextResponse.next({ request: { headers } }), null, requestId);
  }
  const nonce = newNonce();
  const csp = securityHeaders(nonce, headerOptions)[0]![1];
  const request = prepare(incoming, csp, nonce, requestId);
  return secured(await authenticate(request, event), nonce, requestId);
}

/** Clerk's middleware, after the local issuer's own checks in local mode. */
async function authenticate(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  if (settings.provider === "local") {
    const check = await checkLocalSession(
      request.cookies.get(SESSION_COOKIE)?.value,
      settings.issuer,
      () => getServices().db,
    );
    if (check.kind === "ended") {
      const wantsPage =
        request.method === "GET" && (request.headers.get("accept") ?? "").includes("text/html");
      const response = wantsPage
        ? NextResponse.redirect(new URL(`/sign-in?expired=1`, request.url))
        : NextResponse.json(
            { error: { message: "Your session expired. Sign in again." } },
            { status: 401 },
          );
      clearLocalSession(response.cookies);
      return response;
    }
    if (check.kind === "renew") {
      const next = new NextResponse(...responseParts(await clerk(request, event), request));
      await setLocalSession(
        next.cookies,
        settings.issuer,
        check.identity,
        secureCookies,
        check.session,
      );
      return next;
    }
  }
  return clerkResponse(await clerk(request, event), request);
}

/** Clerk's answer as a Response: its handler always returns one (continue with the app's headers). */
function clerkResponse(result: unknown, request: NextRequest): Response {
  if (result instanceof Response) return result;
  return NextResponse.next({ request: { headers: forwarded.get(request) } });
}

function responseParts(result: unknown, request: NextRequest): [BodyInit | null, ResponseInit] {
  const response = clerkResponse(result, request);
  return [response.body, response];
}

export const config = {
  // Every request: each response gets the security headers. Which paths get session handling
  // is isStatic()'s to say.
  matcher: ["/:path*"],
};
