import { clerkMiddleware } from "@clerk/nextjs/server";
import { NextRequest, NextResponse, type NextFetchEvent } from "next/server";

import { env } from "@/env";
import { getAuthSettings } from "@/server/auth-settings";
import {
  checkLocalSession,
  clearLocalSession,
  SESSION_COOKIE,
  setLocalSession,
} from "@/server/local-session";
import { PROXY_SEAL_HEADER, proxySeal } from "@/server/proxy-seal";

/**
 * Every request to the web app passes here (see `config.matcher`: only Next's own files and
 * static assets are left out), and through Clerk's middleware, which verifies the session
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
 * every request fetches Clerk's keys over the network.
 */
const settings = getAuthSettings();

/** What each request Clerk handles hands on to the app, by the request object Clerk was given. */
const forwarded = new WeakMap<Request, Headers>();

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
        signInUrl: "/sign-in",
        signUpUrl: "/sign-up",
      }
    : {
        publishableKey: settings.issuer.publishableKey,
        secretKey: settings.issuer.secretKey,
        jwtKey: settings.issuer.jwtKey,
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
 * gets: both without any inbound `x-clerk-*` header; the app's with this process's seal;
 * Clerk's without Authorization.
 */
function prepare(incoming: NextRequest): NextRequest {
  const headers = new Headers();
  incoming.headers.forEach((value, name) => {
    if (!name.startsWith("x-clerk-") && name !== PROXY_SEAL_HEADER) headers.set(name, value);
  });
  if (settings.provider === "local") dropCrossSiteReferer(headers, incoming.nextUrl.origin);
  const forClerk = new Headers(headers);
  forClerk.delete("authorization");
  headers.set(PROXY_SEAL_HEADER, proxySeal());
  const request = new NextRequest(incoming, { headers: forClerk });
  forwarded.set(request, headers);
  return request;
}

/**
 * Webhooks (src/app/api/webhooks/) are called by other services' servers, never a browser:
 * they carry no session, are authenticated by their own signature, and pass on untouched:
 * no Clerk middleware (which could answer with a handshake redirect), no seal (their routes
 * never read a session).
 */
const WEBHOOKS_PATH = "/api/webhooks/";

export default async function proxy(incoming: NextRequest, event: NextFetchEvent) {
  if (incoming.nextUrl.pathname.startsWith(WEBHOOKS_PATH)) return NextResponse.next();
  const request = prepare(incoming);
  if (settings.provider === "local") {
    const check = await checkLocalSession(
      request.cookies.get(SESSION_COOKIE)?.value,
      settings.issuer,
    );
    if (check.kind === "expired") {
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
      const response = await clerk(request, event);
      if (response instanceof Response) {
        const next = new NextResponse(response.body, response);
        await setLocalSession(next.cookies, settings.issuer, check.identity, secureCookies);
        return next;
      }
      return response;
    }
  }
  return clerk(request, event);
}

export const config = {
  matcher: [
    // Everything but Next's own files and static assets (unless named in search params). A
    // page reached at such a path gets no session: it carries no seal (src/server/proxy-seal.ts).
    "/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    // Every API route, whatever its path looks like: the health check, the callback, tRPC.
    "/(api|trpc)(.*)",
  ],
};
