import { createLocalIssuer, localUserIdForEmail } from "@adsconnect/auth";
import { createDb, type Db } from "@adsconnect/db/client";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CookieJar } from "./support/cookies";
import { API_URL, localAuthEnv } from "./support/environments";
import { expectForgeryRefused, FORGED_CASES, FORGED_PATHS } from "./support/forged";
import { startWebServer, type WebServer } from "./support/web-server";

const env = localAuthEnv();
let web: WebServer;
let db: Db;
beforeAll(async () => {
  web = await startWebServer(env);
  db = createDb(testDatabaseUrl(), { max: 2 });
});
afterAll(async () => {
  await web?.stop();
  await db?.$disconnect();
});

async function signIn(jar: CookieJar, email: string, name = "") {
  const response = await fetch(`${web.url}/api/local-auth/sign-in`, {
    method: "POST",
    headers: { origin: web.url },
    body: new URLSearchParams({ email, name }),
    redirect: "manual",
  });
  jar.absorb(response);
  return response;
}

/** The session id (`sid`) inside a jar's session cookie. */
function sessionIdOf(jar: CookieJar): string {
  const token = /(?:^|; )__session=([^;]+)/.exec(jar.header())?.[1];
  expect(token).toBeDefined();
  return decodeJwt(token!).sid as string;
}

async function signOut(cookie: string) {
  return fetch(`${web.url}/api/local-auth/sign-out`, {
    method: "POST",
    headers: { cookie, origin: web.url },
    redirect: "manual",
  });
}

function meGet(cookie: string) {
  return fetch(`${web.url}/api/trpc/me.get`, { headers: { cookie } });
}

describe("local sign-in", () => {
  it("logs that local sign-in is the active provider", () => {
    expect(web.output()).toContain("sign-in provider: local");
  });

  it("sends a signed-out person from a dashboard page to sign in", async () => {
    const response = await fetch(`${web.url}/accounts`, { redirect: "manual" });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toContain("/sign-in");
  });

  it("signs a person in with an email, through Clerk's own middleware, and out again", async () => {
    const jar = new CookieJar();
    const response = await signIn(jar, "Ada@Example.com", "Ada Lovelace");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/\/accounts$/);
    expect(jar.has("__session")).toBe(true);
    expect(jar.has("__client_uat")).toBe(true);

    const page = await fetch(`${web.url}/accounts`, { headers: { cookie: jar.header() } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Ada Lovelace");

    const me = await fetch(`${web.url}/api/trpc/me.get`, { headers: { cookie: jar.header() } });
    expect(me.status).toBe(200);
    expect(await me.text()).toContain("ada@example.com");

    const out = await signOut(jar.header());
    jar.absorb(out);
    expect(jar.has("__session")).toBe(false);
    expect(
      (await fetch(`${web.url}/api/trpc/me.get`, { headers: { cookie: jar.header() } })).status,
    ).toBe(401);
  });

  it("explains a bad email on the sign-in page", async () => {
    const response = await signIn(new CookieJar(), "not-an-email");
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("error")).toMatch(/valid email/);
  });

  it("never redirects off-site after sign-in", async () => {
    const response = await fetch(`${web.url}/api/local-auth/sign-in`, {
      method: "POST",
      headers: { origin: web.url },
      body: new URLSearchParams({ email: "eve@example.com", redirect_url: "//evil.example/phish" }),
      redirect: "manual",
    });
    expect(new URL(response.headers.get("location")!).origin).toBe(web.url);
  });
});

/** A dashboard procedure over HTTP as the browser's tRPC client sends it (superjson, POST). */
async function mutate(jar: CookieJar, path: string, input: unknown) {
  const response = await fetch(`${web.url}/api/trpc/${path}`, {
    method: "POST",
    headers: { cookie: jar.header(), "content-type": "application/json", origin: web.url },
    body: JSON.stringify({ json: input }),
  });
  return { status: response.status, text: await response.text() };
}

describe("Delete my data, local sign-in", () => {
  it("erases the person through the dialog's procedure, signs the session out everywhere, and a new sign-in starts from an empty dashboard", async () => {
    const email = "dora@example.com";
    const userId = localUserIdForEmail(email);
    const jar = new CookieJar();
    await signIn(jar, email, "Dora Deleter");
    expect((await mutate(jar, "apiKeys.create", { name: "dora's app" })).status).toBe(200);
    expect(await db.apiKey.count({ where: { workspace: { personalOwnerId: userId } } })).toBe(1);

    // Without the typed confirmation: refused, nothing erased.
    const unconfirmed = await mutate(jar, "me.deleteMyData", { confirmation: "ok" });
    expect(unconfirmed.status).toBe(400);
    expect(await db.user.count({ where: { id: userId } })).toBe(1);

    const deleted = await mutate(jar, "me.deleteMyData", { confirmation: "delete my data" });
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.text).not.toContain(email);
    expect(await db.user.count({ where: { id: userId } })).toBe(0);
    expect(await db.apiKey.count({ where: { workspace: { personalOwnerId: userId } } })).toBe(0);
    expect(await db.auditEvent.count({ where: { workspace: { personalOwnerId: userId } } })).toBe(
      0,
    );
    expect(await db.localSession.count({ where: { userId } })).toBe(0);

    // The same cookie (the page the dialog was on, another tab) is signed out, and recreates nobody.
    const me = await fetch(`${web.url}/api/trpc/me.get`, { headers: { cookie: jar.header() } });
    expect(me.status).toBe(401);
    // (A browser's page load: the proxy sends it to sign in; an API call gets 401.)
    const page = await fetch(`${web.url}/accounts`, {
      headers: { cookie: jar.header(), accept: "text/html" },
      redirect: "manual",
    });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toContain("/sign-in");
    // The refusal clears the ended session's cookies, as the browser then does.
    jar.absorb(page);
    const landing = await fetch(`${web.url}/sign-in?deleted=1`, {
      headers: { cookie: jar.header(), accept: "text/html" },
    });
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain("Your data was deleted");
    expect(await db.user.count({ where: { id: userId } })).toBe(0);

    // Signing in again (a session begun after the erasure; token times are whole seconds).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = new CookieJar();
    await signIn(again, email, "Dora Deleter");
    const fresh = await fetch(`${web.url}/api/trpc/accounts.list`, {
      headers: { cookie: again.header() },
    });
    expect(fresh.status).toBe(200);
    expect(
      ((await fresh.json()) as { result: { data: { json: unknown } } }).result.data.json,
    ).toEqual([]);
    expect(await db.apiKey.count({ where: { workspace: { personalOwnerId: userId } } })).toBe(0);
  });
});

describe("Clerk's webhook without CLERK_WEBHOOK_SIGNING_SECRET", () => {
  it("is reached without a session or redirect, answers 503 and erases nothing", async () => {
    const jar = new CookieJar();
    await signIn(jar, "wanda@example.com");
    const userId = localUserIdForEmail("wanda@example.com");
    await fetch(`${web.url}/api/trpc/me.get`, { headers: { cookie: jar.header() } });
    expect(await db.user.count({ where: { id: userId } })).toBe(1);
    const body = JSON.stringify({ type: "user.deleted", object: "event", data: { id: userId } });
    const response = await fetch(`${web.url}/api/webhooks/clerk`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "svix-id": "msg_x", "svix-timestamp": "1" },
      redirect: "manual",
    });
    expect(response.status).toBe(503);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await db.user.count({ where: { id: userId } })).toBe(1);
  });
});

describe("signing out revokes the session", () => {
  const issuer = () =>
    createLocalIssuer({ privateKeyPem: env.LOCAL_AUTH_PRIVATE_KEY!, appUrl: web.url });

  it("refuses a copy of the cookie taken before sign-out, at once, on the API and on pages", async () => {
    const jar = new CookieJar();
    await signIn(jar, "stolen@example.com");
    const stolen = jar.header();
    expect((await meGet(stolen)).status).toBe(200);
    expect((await signOut(jar.header())).status).toBe(303);

    expect((await meGet(stolen)).status).toBe(401);
    const page = await fetch(`${web.url}/accounts`, {
      headers: { cookie: stolen, accept: "text/html" },
      redirect: "manual",
    });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toContain("/sign-in");
    // The refused cookie is cleared, not renewed.
    expect(page.headers.getSetCookie().join("\n")).not.toMatch(/__session=[^;]/);
  });

  it("leaves the person's other sessions signed in", async () => {
    const laptop = new CookieJar();
    const phone = new CookieJar();
    await signIn(laptop, "two-devices@example.com");
    await signIn(phone, "two-devices@example.com");
    await signOut(laptop.header());
    expect((await meGet(laptop.header())).status).toBe(401);
    expect((await meGet(phone.header())).status).toBe(200);
  });

  it("renews a session in its last day under the same session id, and never once it is signed out", async () => {
    const jar = new CookieJar();
    await signIn(jar, "renewal@example.com");
    const sid = sessionIdOf(jar);
    // The same session's token an hour from expiry: the proxy re-mints it.
    const nearExpiry = await issuer().mintSessionToken(
      {
        userId: localUserIdForEmail("renewal@example.com"),
        email: "renewal@example.com",
        name: null,
      },
      { ttlSeconds: 3600, sessionId: sid },
    );
    const cookie = `__session=${nearExpiry}; __client_uat=${decodeJwt(nearExpiry).iat}`;
    const renewed = await meGet(cookie);
    expect(renewed.status).toBe(200);
    const fresh = new CookieJar();
    fresh.absorb(renewed);
    expect(sessionIdOf(fresh)).toBe(sid);

    await signOut(jar.header());
    const after = await meGet(cookie);
    expect(after.status).toBe(401);
    expect(after.headers.getSetCookie().join("\n")).not.toMatch(/__session=[^;]/);
    expect((await meGet(fresh.header())).status).toBe(401);
  });

  it("refuses a validly signed token for a session the server never started", async () => {
    const token = await issuer().mintSessionToken({
      userId: localUserIdForEmail("minted@example.com"),
      email: "minted@example.com",
      name: null,
    });
    expect((await meGet(`__session=${token}; __client_uat=${decodeJwt(token).iat}`)).status).toBe(
      401,
    );
  });

  it("refuses a session past its absolute lifetime, whatever its token says", async () => {
    const jar = new CookieJar();
    await signIn(jar, "too-old@example.com");
    expect((await meGet(jar.header())).status).toBe(200);
    await db.localSession.update({
      where: { id: sessionIdOf(jar) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await meGet(jar.header())).status).toBe(401);
  });
});

describe("the dashboard's API and bearers", () => {
  it("refuses any bearer with 401 naming API_URL, even beside a signed-in person's cookies", async () => {
    const jar = new CookieJar();
    await signIn(jar, "bearer@example.com");
    for (const authorization of ["Bearer adc_AAAAAAAA_x", "bearer eyJhbGciOi.e30.c2ln", "Bearer"]) {
      const response = await fetch(`${web.url}/api/trpc/me.get`, {
        headers: { cookie: jar.header(), authorization },
      });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: { json: { message: string } } };
      expect(body.error.json.message).toContain(`${API_URL}/trpc`);
    }
    // The same cookies without the bearer are served.
    expect(
      (await fetch(`${web.url}/api/trpc/me.get`, { headers: { cookie: jar.header() } })).status,
    ).toBe(200);
  });

  it("has no token hand-out: tokens.getAccessToken is not a dashboard procedure", async () => {
    const jar = new CookieJar();
    await signIn(jar, "no-tokens@example.com");
    const input = encodeURIComponent(
      JSON.stringify({ json: { accountId: "0190a0a0-0000-7000-8000-000000000000" } }),
    );
    const response = await fetch(`${web.url}/api/trpc/tokens.getAccessToken?input=${input}`, {
      headers: { cookie: jar.header() },
    });
    expect(response.status).toBe(404);
  });
});

describe("forged x-clerk-* headers, local sign-in", () => {
  // An empty HMAC key (what `auth()` used when Clerk's middleware had not run) and the local
  // issuer's real one: neither helps, because the proxy drops every inbound x-clerk-* header.
  const hmacKeys = () => [
    "",
    createLocalIssuer({ privateKeyPem: env.LOCAL_AUTH_PRIVATE_KEY!, appUrl: web.url }).secretKey,
  ];

  describe.each(FORGED_CASES)("with %s", (_name, authorization) => {
    it.each(FORGED_PATHS)("authenticate nobody at %s", async (path) => {
      await expectForgeryRefused({
        origin: web.url,
        path,
        authorization,
        hmacKeys: hmacKeys(),
        db,
      });
    });
  });

  it("logged no error for any of them", () => {
    expect(web.output()).not.toMatch(/"level":50|"level":60/);
  });
});

describe("local sign-in in production", () => {
  it("refuses to start unless ALLOW_LOCAL_AUTH_IN_PRODUCTION=true", async () => {
    await expect(
      startWebServer(localAuthEnv({ ALLOW_LOCAL_AUTH_IN_PRODUCTION: "false" })),
    ).rejects.toThrow(/refused in production/);
  });
});
