import { clerkMiddleware } from "@clerk/nextjs/server";
import { NextRequest, NextResponse, type NextFetchEvent } from "next/server";

import { env } from "@/env";
import { isApiKeyRequest } from "@/server/api-key-request";
import { getAuthSettings } from "@/server/auth-settings";
import {
  checkLocalSession,
  clearLocalSession,
  SESSION_COOKIE,
  setLocalSession,
} from "@/server/local-session";

/**
 * Clerk's middleware verifies the session on every request; it never blocks.
 * Each page, route handler and tRPC procedure checks auth itself (Clerk 7's
 * `auth.protect()` here would answer API calls with a redirect, not a 401).
 * `jwtKey` is passed explicitly: @clerk/nextjs 7 does not read CLERK_JWT_KEY,
 * and without it every request fetches Clerk's keys over the network.
 */
const settings = getAuthSettings();
const clerk = clerkMiddleware(
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
function withoutCrossSiteReferer(request: NextRequest): NextRequest {
  const referer = request.headers.get("referer");
  if (!referer || (URL.canParse(referer) && new URL(referer).origin === request.nextUrl.origin))
    return request;
  const headers = new Headers(request.headers);
  headers.delete("referer");
  return new NextRequest(request, { headers });
}

export default async function proxy(incoming: NextRequest, event: NextFetchEvent) {
  // An internal app's API key is checked by the API itself; Clerk has nothing to
  // verify there, so its middleware (the hand-out's hot path) is skipped.
  if (isApiKeyRequest(incoming.nextUrl.pathname, incoming.headers.get("authorization")))
    return NextResponse.next();
  let request = incoming;
  if (settings.provider === "local") {
    request = withoutCrossSiteReferer(incoming);
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
    // Pages: everything but Next internals, API routes and static files (unless found in search params).
    "/((?!_next|api/|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    // API routes that read a session; the health check answers whatever the sign-in provider does.
    "/api/((?!health|trpc/).*)",
    // tRPC, except an internal app's API-key calls: the proxy never runs for those (the hand-out's hot path).
    {
      source: "/api/trpc/:path*",
      missing: [{ type: "header", key: "authorization", value: "Bearer adc_.*" }],
    },
  ],
};
