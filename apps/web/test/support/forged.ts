import {
  forgedClerkHeaders,
  newVictim,
  ODD_AUTHORIZATIONS,
  rawGet,
} from "@adsconnect/api-service/testing";
import type { Db } from "@adsconnect/db/client";
import { expect } from "vitest";

/**
 * Where a forged session would pay off: the dashboard's API, a dashboard page, and a dashboard
 * page at a path Clerk's middleware is never run for (it looks like a static file), so only
 * the proxy's seal stands between its `auth()` and the sender's headers.
 */
export const FORGED_PATHS = ["/api/trpc/me.get", "/accounts", "/accounts/forged.png"];

/** Every odd Authorization value with forged `x-clerk-*` headers: as [name, lines] rows. */
export const FORGED_CASES = ODD_AUTHORIZATIONS.map(({ name, lines }) => [name, lines] as const);

/**
 * Sends `path` Clerk's request headers forged for a new victim (HMAC over each of
 * `hmacKeys`), with the given Authorization lines, and checks that nobody was authenticated:
 * the API answers 401, a page sends the visitor to sign in, nothing is a 500, the victim is
 * named nowhere and has no user row.
 */
export async function expectForgeryRefused(options: {
  origin: string;
  path: string;
  authorization: readonly string[];
  hmacKeys: string[];
  db: Db;
}): Promise<void> {
  for (const hmacKey of options.hmacKeys) {
    const victim = newVictim();
    const response = await rawGet(`${options.origin}${options.path}`, [
      ...forgedClerkHeaders(victim, hmacKey),
      ...options.authorization.map((line): [string, string] => ["authorization", line]),
    ]);
    const what = `${options.path} with ${JSON.stringify(options.authorization)}, HMAC key ${hmacKey ? "the real one" : "empty"}`;
    expect(response.status, what).not.toBe(500);
    if (options.path.startsWith("/api/trpc/")) {
      expect(response.status, what).toBe(401);
    } else {
      expect(response.status, what).toBe(307);
      expect(String(response.headers.location), what).toContain("/sign-in");
    }
    expect(response.body, what).not.toContain(victim.userId);
    expect(await options.db.user.findUnique({ where: { id: victim.userId } }), what).toBeNull();
  }
}
