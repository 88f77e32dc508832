import { completeConnection, type ConnectionOutcome } from "@adsconnect/accounts";
import { requestIdFrom, withRequestId } from "@adsconnect/logger";
import type { NextRequest } from "next/server";

import { env } from "@/env";
import { logger } from "@/server/logger";
import { withLimits } from "@/server/limits";
import { getServices } from "@/server/services";
import { getSession } from "@/server/session";

export const dynamic = "force-dynamic";

/**
 * Where Amazon sends the browser back after consent. The outcome lands on a
 * page as a notice (query parameters carry only codes, never Amazon's text).
 * Whatever happens, the person is redirected with an outcome, never shown a raw 500.
 */
export const GET = withLimits(
  { rateLimit: "oauthCallbackPerIp" },
  async (request: NextRequest): Promise<Response> =>
    // Its log lines carry the request's id (set by src/proxy.ts, echoed in the answer).
    withRequestId(requestIdFrom(request.headers.get("x-request-id")), async () => {
      try {
        return await callback(request);
      } catch (error) {
        // The query may carry a code: log what failed, never the request.
        logger.error(
          { err: error instanceof Error ? error.name : typeof error },
          "amazon callback failed unexpectedly",
        );
        return redirectTo({ kind: "failed", reason: "unexpected", message: "", requestId: null });
      }
    }),
);

async function callback(request: NextRequest) {
  const session = await getSession();
  const here = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  if (!session) {
    const signIn = new URL("/sign-in", env.APP_URL);
    signIn.searchParams.set("redirect_url", here);
    return Response.redirect(signIn, 303);
  }
  // Completes into the workspace the connection was started in (its OAuth state), after
  // re-checking that the starter is still a member there, and an admin for a new connection.
  const outcome = await completeConnection(getServices(), {
    userId: session.userId,
    query: Object.fromEntries(request.nextUrl.searchParams),
  });
  return redirectTo(outcome);
}

function redirectTo(outcome: ConnectionOutcome) {
  const to = new URL("/accounts", env.APP_URL);
  if (outcome.kind === "connected") {
    to.pathname = `/accounts/${outcome.accountId}`;
    to.searchParams.set("connect", outcome.reconnected ? "reconnected" : "connected");
  } else if (outcome.kind === "cancelled") {
    to.searchParams.set("connect", "cancelled");
  } else {
    to.searchParams.set("connect", "failed");
    to.searchParams.set("reason", outcome.reason);
    if (outcome.requestId) to.searchParams.set("request_id", outcome.requestId);
  }
  return Response.redirect(to, 303);
}
