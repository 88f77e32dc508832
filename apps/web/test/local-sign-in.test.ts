import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CookieJar } from "./support/cookies";
import { localAuthEnv } from "./support/environments";
import { startWebServer, type WebServer } from "./support/web-server";

let web: WebServer;
beforeAll(async () => {
  web = await startWebServer(localAuthEnv());
});
afterAll(() => web?.stop());

async function signIn(jar: CookieJar, email: string, name = "") {
  const response = await fetch(`${web.url}/api/local-auth/sign-in`, {
    method: "POST",
    body: new URLSearchParams({ email, name }),
    redirect: "manual",
  });
  jar.absorb(response);
  return response;
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

    const out = await fetch(`${web.url}/api/local-auth/sign-out`, {
      method: "POST",
      headers: { cookie: jar.header() },
      redirect: "manual",
    });
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
      body: new URLSearchParams({ email: "eve@example.com", redirect_url: "//evil.example/phish" }),
      redirect: "manual",
    });
    expect(new URL(response.headers.get("location")!).origin).toBe(web.url);
  });
});

describe("local sign-in in production", () => {
  it("refuses to start unless ALLOW_LOCAL_AUTH_IN_PRODUCTION=true", async () => {
    await expect(
      startWebServer(localAuthEnv({ ALLOW_LOCAL_AUTH_IN_PRODUCTION: "false" })),
    ).rejects.toThrow(/refused in production/);
  });
});
