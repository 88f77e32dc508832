import { generateLocalAuthKeyPair, publishableKeyForHost } from "@adsconnect/auth";
import { createDb, type Db } from "@adsconnect/db/client";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { importPKCS8, SignJWT } from "jose";

import { baseEnv } from "./environments";
import { newSigningSecret, svixHeaders } from "./svix";
import { freePort, startWebServer, type WebServer } from "./web-server";

/** Whom a Clerk session names. */
export interface ClerkPerson {
  userId: string;
  email: string;
  name: string | null;
}

/** The production build in Clerk mode, offline, with a webhook signing secret. */
export interface ClerkWebhookServer {
  web: WebServer;
  /** This test process's own client on the run's database: to set up and inspect. */
  db: Db;
  /** CLERK_WEBHOOK_SIGNING_SECRET. */
  secret: string;
  /** POSTs `body` to /api/webhooks/clerk with `headers` (by default, Svix's, signed with `secret`). */
  deliver(body: string, headers?: Record<string, string>): Promise<Response>;
  /**
   * Clerk's session cookies for `person`, as a browser signed in to Clerk (and to no
   * organization) sends them, issued `issuedAgo` seconds ago and signed by CLERK_JWT_KEY's pair.
   */
  sessionCookies(person: ClerkPerson, options?: { issuedAgo?: number }): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the web server as Clerk's frontend API at `clerkHost` would have it, Clerk unreachable. */
export async function startClerkWebhookServer(clerkHost: string): Promise<ClerkWebhookServer> {
  const keys = generateLocalAuthKeyPair();
  const secret = newSigningSecret();
  const db = createDb(testDatabaseUrl(), { max: 2 });
  const web = await startWebServer(
    baseEnv({
      CLERK_SECRET_KEY: "sk_test_offline_not_a_real_key",
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKeyForHost(clerkHost, "live"),
      CLERK_JWT_KEY: keys.publicKeyPem,
      // Nothing listens there: Clerk's Backend API must never be needed.
      CLERK_API_URL: `http://127.0.0.1:${await freePort()}`,
      CLERK_WEBHOOK_SIGNING_SECRET: secret,
    }),
  ).catch(async (error: unknown) => {
    await db.$disconnect();
    throw error;
  });
  return {
    web,
    db,
    secret,
    deliver: (body, headers = svixHeaders(secret, body)) =>
      fetch(`${web.url}/api/webhooks/clerk`, { method: "POST", body, headers, redirect: "manual" }),
    async sessionCookies({ userId, email, name }, { issuedAgo = 0 } = {}) {
      const now = Math.floor(Date.now() / 1000) - issuedAgo;
      const token = await new SignJWT({
        sid: `sess_${userId}`,
        // Minted for this app (authorizedParties is APP_URL's origin).
        azp: web.url,
        v: 2,
        sts: "active",
        email,
        name,
      })
        .setProtectedHeader({ alg: "RS256", typ: "JWT" })
        .setSubject(userId)
        .setIssuer(`https://${clerkHost}`)
        .setIssuedAt(now)
        .setNotBefore(now - 5)
        .setExpirationTime(now + 600)
        .sign(await importPKCS8(keys.privateKeyPem, "RS256"));
      return `__session=${token}; __client_uat=${now}`;
    },
    async stop() {
      await web.stop();
      await db.$disconnect();
    },
  };
}
