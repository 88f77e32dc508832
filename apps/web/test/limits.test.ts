// The web app's limits on its production build (railway.json's start command): local sign-in
// and the OAuth callback count each caller IP (the last X-Forwarded-For entry: one proxy hop,
// as behind Railway's edge) and answer 429 with Retry-After and a short page past the limit;
// the sign-in form and the dashboard's /api/trpc cap request bodies (413), which Next does not.
import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CookieJar } from "./support/cookies";
import { localAuthEnv } from "./support/environments";
import { startWebServer, type WebServer } from "./support/web-server";

let web: WebServer;
beforeAll(async () => {
  web = await startWebServer(
    localAuthEnv({ RATE_LIMIT_SIGN_IN_PER_IP: "2", RATE_LIMIT_OAUTH_CALLBACK_PER_IP: "2" }),
  );
});
afterAll(async () => {
  await web?.stop();
});

/** A caller address of its own, as Railway's edge would append it after whatever the caller sent. */
const newIp = () => `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 8)}`;

const signIn = (ip: string, email = "limits@example.test", forwardedFor = ip) =>
  fetch(`${web.url}/api/local-auth/sign-in`, {
    method: "POST",
    body: new URLSearchParams({ email, name: "Limits" }),
    // The app's own sign-in form (a cross-site POST is refused: login CSRF).
    headers: { "x-forwarded-for": forwardedFor, origin: web.url },
    redirect: "manual",
  });

describe("local sign-in", () => {
  it("answers an address's 3rd attempt in the window 429 with Retry-After and a page saying when to retry; another address signs in", async () => {
    const ip = newIp();
    expect((await signIn(ip)).status).toBe(303);
    // What the caller writes before the edge's entry is not read: still the same address.
    expect((await signIn(ip, "limits@example.test", `10.9.8.7, ${ip}`)).status).toBe(303);
    const refused = await signIn(ip, "limits@example.test", `10.9.8.6, ${ip}`);
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get("retry-after"));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(refused.headers.get("content-type")).toContain("text/html");
    const jar = new CookieJar();
    jar.absorb(refused);
    expect(jar.has("__session")).toBe(false);
    expect(await refused.text()).toContain(
      `Too many sign-in attempts from this address (at most 2 per 60 s). Try again in ${wait} s`,
    );

    expect((await signIn(newIp())).status).toBe(303);
  });

  it("refuses a form over 16 KiB with 413 and signs nobody in", async () => {
    const response = await fetch(`${web.url}/api/local-auth/sign-in`, {
      method: "POST",
      body: new URLSearchParams({ email: "big@example.test", name: "x".repeat(20_000) }),
      headers: { "x-forwarded-for": newIp(), origin: web.url },
      redirect: "manual",
    });
    expect(response.status).toBe(413);
    const jar = new CookieJar();
    jar.absorb(response);
    expect(jar.has("__session")).toBe(false);
  });
});

describe("the OAuth callback", () => {
  it("answers an address's 3rd callback in the window 429 with Retry-After", async () => {
    const ip = newIp();
    const callback = () =>
      fetch(`${web.url}/api/amazon/callback?code=x&state=y`, {
        headers: { "x-forwarded-for": ip },
        redirect: "manual",
      });
    expect((await callback()).status).toBe(303);
    expect((await callback()).status).toBe(303);
    const refused = await callback();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await refused.text()).toContain("Too many Amazon connection attempts from this address");
  });
});

describe("the dashboard's /api/trpc", () => {
  it("refuses a body over 1 MiB with 413 PAYLOAD_TOO_LARGE in tRPC's shape", async () => {
    const response = await fetch(`${web.url}/api/trpc/apiKeys.create`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { name: "x".repeat(1024 * 1024 + 1) } }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: { json: { data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } } },
    });
  });
});
