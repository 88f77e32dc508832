import { createServer, type Server } from "node:http";

import { generateLocalAuthKeyPair, publishableKeyForHost } from "@adsconnect/auth";
import { createDb, type Db } from "@adsconnect/db/client";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { decodeJwt, importPKCS8, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { API_URL, baseEnv } from "./support/environments";
import { expectForgeryRefused, FORGED_CASES, FORGED_PATHS } from "./support/forged";
import { freePort, startWebServer, type WebServer } from "./support/web-server";

/**
 * Clerk mode proven without Clerk: the server verifies session tokens with
 * CLERK_JWT_KEY alone. A session cookie minted here with the matching private
 * key authenticates a tRPC call over HTTP; another key's, an expired one, or
 * none get 401; a bearer of any kind (a session token, an API key, one of
 * Clerk's machine tokens) gets 401 naming API_URL; forged `x-clerk-*` headers
 * authenticate nobody; and nothing leaves the machine (a recorder stands in
 * for Clerk's Backend API, and every DNS lookup and connection is recorded).
 */
const CLERK_SECRET_KEY = "sk_test_offline_not_a_real_key";
const CLERK_HOST = "clerk.adsconnect-test.invalid";
const keys = generateLocalAuthKeyPair();
const otherKeys = generateLocalAuthKeyPair();

let web: WebServer;
let db: Db;
let bapi: Server;
const bapiRequests: string[] = [];

async function mint(
  privateKeyPem: string,
  claims: { sub: string; email: string; name: string } & Record<string, unknown>,
  {
    expiresIn = 600,
    issuedAgo = 0,
    azp = web.url,
  }: { expiresIn?: number; issuedAgo?: number; azp?: string | null } = {},
) {
  const { sub: _sub, ...extra } = claims;
  const now = Math.floor(Date.now() / 1000) - issuedAgo;
  return new SignJWT({
    sid: `sess_${claims.sub}`,
    // Clerk's browser code puts the page's origin here; a token without one is refused.
    ...(azp === null ? {} : { azp }),
    v: 2,
    sts: "active",
    ...extra,
  })
    .setProtectedHeader({ alg: "RS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(`https://${CLERK_HOST}`)
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + expiresIn)
    .sign(await importPKCS8(privateKeyPem, "RS256"));
}

/** Clerk's session cookies for `token`, as a browser signed in to Clerk sends them. */
function sessionCookies(token: string): string {
  return `__session=${token}; __client_uat=${decodeJwt(token).iat}`;
}

async function meGet(headers: Record<string, string> = {}) {
  const response = await fetch(`${web.url}/api/trpc/me.get`, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  const bapiPort = await freePort();
  bapi = createServer((request, response) => {
    bapiRequests.push(`${request.method} ${request.url}`);
    response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => bapi.listen(bapiPort, "127.0.0.1", resolve));
  db = createDb(testDatabaseUrl(), { max: 2 });
  web = await startWebServer(
    baseEnv({
      CLERK_SECRET_KEY,
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKeyForHost(CLERK_HOST, "live"),
      CLERK_JWT_KEY: keys.publicKeyPem,
      CLERK_API_URL: `http://127.0.0.1:${bapiPort}`,
    }),
  );
});

afterAll(async () => {
  await web?.stop();
  await db?.$disconnect();
  await new Promise((resolve) => bapi?.close(resolve));
});

describe("Clerk sign-in with no network", () => {
  it("logs that Clerk is the active provider", () => {
    expect(web.output()).toContain("sign-in provider: clerk");
  });

  it("authenticates a tRPC call with a session cookie signed by the CLERK_JWT_KEY pair, and creates the person", async () => {
    const sub = `user_clerk_${Date.now()}`;
    const token = await mint(keys.privateKeyPem, {
      sub,
      email: "grace@example.com",
      name: "Grace",
    });
    const { status, body } = await meGet({ cookie: sessionCookies(token) });
    expect(status).toBe(200);
    expect(JSON.stringify(body)).toContain(sub);
    expect(JSON.stringify(body)).toContain("grace@example.com");
  });

  it("puts a person whose token names an organization (o, org_name) in its workspace, with the token's role", async () => {
    const org = `org_${Date.now()}`;
    const token = (sub: string, rol: string) =>
      mint(keys.privateKeyPem, {
        sub,
        email: `${sub}@example.com`,
        name: sub,
        o: { id: org, rol, slg: "acme" },
        org_name: "Acme Agency",
      });
    const admin = await token(`user_org_admin_${Date.now()}`, "admin");
    const member = await token(`user_org_member_${Date.now()}`, "member");
    const createKey = (session: string) =>
      fetch(`${web.url}/api/trpc/apiKeys.create`, {
        method: "POST",
        headers: {
          cookie: sessionCookies(session),
          "content-type": "application/json",
          origin: web.url,
        },
        body: JSON.stringify({ json: { name: "agency app" } }),
      });

    expect((await createKey(admin)).status).toBe(200);
    const refused = await createKey(member);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("Only an admin of Acme Agency can create API keys");
    // The member sees the key the admin made: both act in the organization's workspace.
    const listed = await fetch(`${web.url}/api/trpc/apiKeys.list`, {
      headers: { cookie: sessionCookies(member) },
    });
    expect(listed.status).toBe(200);
    expect(await listed.text()).toContain("agency app");

    const workspace = await db.workspace.findUniqueOrThrow({
      where: { clerkOrganizationId: org },
      include: { memberships: { orderBy: { role: "asc" } } },
    });
    expect(workspace).toMatchObject({ kind: "organization", name: "Acme Agency" });
    expect(workspace.memberships.map((m) => m.role)).toEqual(["admin", "member"]);
  });

  it("refuses a cookie signed by another key, an expired one, and none, with 401", async () => {
    const claims = { sub: "user_forged", email: "mallory@example.com", name: "Mallory" };
    const forged = await mint(otherKeys.privateKeyPem, claims);
    const expired = await mint(keys.privateKeyPem, claims, { issuedAgo: 3600, expiresIn: 600 });
    const attempts: Record<string, string>[] = [
      { cookie: sessionCookies(forged) },
      { cookie: sessionCookies(expired) },
      {},
    ];
    for (const headers of attempts) {
      const { status, body } = await meGet(headers);
      expect(status).toBe(401);
      expect(JSON.stringify(body)).not.toMatch(/stack|at \w+ \(/);
    }
    expect(await db.user.findUnique({ where: { id: "user_forged" } })).toBeNull();
  });

  it("refuses a session token minted for another origin (azp), or naming none, with 401", async () => {
    const claims = { sub: "user_other_party", email: "other@example.com", name: "Other" };
    for (const azp of ["https://evil.example", "http://localhost:1", null]) {
      const token = await mint(keys.privateKeyPem, claims, { azp });
      const { status } = await meGet({ cookie: sessionCookies(token) });
      expect(status, String(azp)).toBe(401);
    }
    expect(await db.user.findUnique({ where: { id: "user_other_party" } })).toBeNull();
  });

  it("sends a CSP that lets Clerk's browser code reach its Frontend API, with no unsafe-inline script", async () => {
    const csp = (await fetch(`${web.url}/api/health`)).headers.get("content-security-policy") ?? "";
    const directive = (name: string) =>
      csp
        .split(";")
        .map((part) => part.trim().split(/\s+/))
        .find(([key]) => key === name)
        ?.slice(1) ?? [];
    expect(directive("connect-src")).toContain(`https://${CLERK_HOST}`);
    expect(directive("script-src")).toContain(`https://${CLERK_HOST}`);
    expect(directive("script-src")).not.toContain("'unsafe-inline'");
    expect(directive("img-src")).toContain("https://img.clerk.com");
    expect(directive("frame-ancestors")).toEqual(["'none'"]);
  });

  it("refuses every bearer with 401 naming API_URL: a valid session token, an API key, Clerk's machine tokens", async () => {
    const sessionToken = await mint(keys.privateKeyPem, {
      sub: `user_bearer_${Date.now()}`,
      email: "bearer@example.com",
      name: "Bearer",
    });
    for (const token of [
      sessionToken,
      "adc_AAAAAAAA_notarealkeynotarealkeynotarealkeynotarea",
      "ak_notarealmachinekey",
      "mt_notarealmachinetoken",
      "oat_notarealoauthtoken",
    ]) {
      const { status, body } = await meGet({ authorization: `Bearer ${token}` });
      expect(status, token).toBe(401);
      expect(JSON.stringify(body), token).toContain(`${API_URL}/trpc`);
    }
  });

  describe("forged x-clerk-* headers", () => {
    // An empty HMAC key (what `auth()` used when Clerk's middleware had not run) and the real
    // CLERK_SECRET_KEY: neither helps, because the proxy drops every inbound x-clerk-* header.
    describe.each(FORGED_CASES)("with %s", (_name, authorization) => {
      it.each(FORGED_PATHS)("authenticate nobody at %s", async (path) => {
        await expectForgeryRefused({
          origin: web.url,
          path,
          authorization,
          hmacKeys: ["", CLERK_SECRET_KEY],
          db,
        });
      });
    });

    it("logged no error for any of them", () => {
      expect(web.output()).not.toMatch(/"level":50|"level":60/);
    });
  });

  it("sent nothing off the machine: no Clerk API call, no outside DNS lookup or connection", () => {
    expect(bapiRequests).toEqual([]);
    expect(web.egress()).toEqual([]);
  });
});
