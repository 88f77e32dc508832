// Security headers on every response of the production build (`next start`): pages, API routes,
// the callback, redirects, Next's own files. The CSP carries a fresh nonce per request, and the
// scripts Next renders carry it; HSTS is sent only when APP_URL is https.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CookieJar } from "./support/cookies";
import { localAuthEnv } from "./support/environments";
import { startWebServer, type WebServer } from "./support/web-server";

let web: WebServer;
let secure: WebServer;
beforeAll(async () => {
  [web, secure] = await Promise.all([
    startWebServer(localAuthEnv()),
    startWebServer(localAuthEnv({ APP_URL: "https://adsconnect.example" })),
  ]);
});
afterAll(async () => {
  await Promise.all([web?.stop(), secure?.stop()]);
});

/** The directives of a CSP header, by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

function nonceOf(csp: string): string {
  const scripts = directives(csp).get("script-src") ?? [];
  const nonce = scripts.find((value) => value.startsWith("'nonce-"));
  expect(nonce, `script-src has a nonce: ${csp}`).toBeDefined();
  return nonce!.slice("'nonce-".length, -1);
}

async function signedIn(origin: string) {
  const jar = new CookieJar();
  jar.absorb(
    await fetch(`${origin}/api/local-auth/sign-in`, {
      method: "POST",
      headers: { origin },
      body: new URLSearchParams({ email: "headers@example.com" }),
      redirect: "manual",
    }),
  );
  return jar;
}

/** Every header each response must carry, whatever it is. */
function expectSecurityHeaders(response: Response, what: string) {
  const csp = response.headers.get("content-security-policy");
  expect(csp, `${what}: CSP`).toBeTruthy();
  const policy = directives(csp!);
  expect(policy.get("frame-ancestors"), `${what}: frame-ancestors`).toEqual(["'none'"]);
  expect(policy.get("object-src"), `${what}: object-src`).toEqual(["'none'"]);
  expect(policy.get("base-uri"), `${what}: base-uri`).toBeDefined();
  const scripts = policy.get("script-src") ?? policy.get("default-src") ?? [];
  expect(scripts, `${what}: scripts`).not.toContain("'unsafe-inline'");
  expect(scripts, `${what}: scripts`).not.toContain("*");
  expect(response.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(response.headers.get("referrer-policy"), what).toBe("strict-origin-when-cross-origin");
  const permissions = response.headers.get("permissions-policy") ?? "";
  for (const feature of ["camera=()", "microphone=()", "geolocation=()", "payment=()"]) {
    expect(permissions, `${what}: ${feature}`).toContain(feature);
  }
  expect(response.headers.get("x-frame-options"), what).toBe("DENY");
}

describe("security headers", () => {
  it("come with every page, API route, redirect and the callback", async () => {
    const jar = await signedIn(web.url);
    const requests: [string, RequestInit][] = [
      ["/", {}],
      ["/sign-in", {}],
      ["/accounts", {}], // signed out: a redirect to sign in
      ["/accounts", { headers: { cookie: jar.header() } }],
      ["/no-such-page", {}],
      ["/api/health", {}],
      ["/api/trpc/me.get", {}], // 401
      ["/api/trpc/me.get", { headers: { cookie: jar.header() } }],
      ["/api/amazon/callback?code=x&state=y", {}], // signed out: to sign in
      ["/api/amazon/callback?code=x&state=y", { headers: { cookie: jar.header() } }],
      ["/api/local-auth/sign-out", { method: "POST", headers: { origin: web.url } }],
    ];
    for (const [path, init] of requests) {
      const response = await fetch(`${web.url}${path}`, { redirect: "manual", ...init });
      expectSecurityHeaders(response, `${init.method ?? "GET"} ${path} (${response.status})`);
    }
  });

  it("come with Next's own files, which the proxy's session handling skips", async () => {
    const html = await (await fetch(`${web.url}/sign-in`)).text();
    const script = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const response = await fetch(`${web.url}${script}`);
    expect(response.status).toBe(200);
    expectSecurityHeaders(response, script!);
  });

  it("give each page load its own nonce, and Next's scripts carry it: none runs without one", async () => {
    const seen = new Set<string>();
    for (const path of ["/", "/sign-in", "/sign-in"]) {
      const response = await fetch(`${web.url}${path}`);
      const nonce = nonceOf(response.headers.get("content-security-policy")!);
      expect(nonce.length).toBeGreaterThanOrEqual(22);
      seen.add(nonce);
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    }
    expect(seen.size).toBe(3);
  });

  it("ignore a CSP or nonce the sender wrote on the request", async () => {
    const response = await fetch(`${web.url}/sign-in`, {
      headers: {
        "content-security-policy": "script-src 'nonce-attackerchosen0000000000'",
        "x-nonce": "attackerchosen0000000000",
      },
    });
    const csp = response.headers.get("content-security-policy")!;
    expect(nonceOf(csp)).not.toBe("attackerchosen0000000000");
    expect(await response.text()).not.toContain("attackerchosen");
  });

  it("include HSTS only when APP_URL is https", async () => {
    expect((await fetch(`${web.url}/api/health`)).headers.get("strict-transport-security")).toBe(
      null,
    );
    for (const path of ["/api/health", "/sign-in", "/api/trpc/me.get"]) {
      const response = await fetch(`${secure.url}${path}`, { redirect: "manual" });
      expect(response.headers.get("strict-transport-security"), path).toBe(
        "max-age=63072000; includeSubDomains",
      );
      expectSecurityHeaders(response, `https APP_URL ${path}`);
      expect(
        directives(response.headers.get("content-security-policy")!).has(
          "upgrade-insecure-requests",
        ),
      ).toBe(true);
    }
  });
});
