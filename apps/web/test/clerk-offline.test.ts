import { createServer, type Server } from "node:http";

import { generateLocalAuthKeyPair, publishableKeyForHost } from "@adsconnect/auth";
import { importPKCS8, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { baseEnv } from "./support/environments";
import { freePort, startWebServer, type WebServer } from "./support/web-server";

/**
 * Clerk mode proven without Clerk: the server verifies session tokens with
 * CLERK_JWT_KEY alone. A token minted here with the matching private key
 * authenticates a tRPC call over HTTP; another key's, an expired one, or none
 * get 401; and nothing leaves the machine (a recorder stands in for Clerk's
 * Backend API, and every DNS lookup and connection is recorded).
 */
const CLERK_HOST = "clerk.adsconnect-test.invalid";
const keys = generateLocalAuthKeyPair();
const otherKeys = generateLocalAuthKeyPair();

let web: WebServer;
let bapi: Server;
const bapiRequests: string[] = [];

async function mint(
  privateKeyPem: string,
  claims: { sub: string; email: string; name: string },
  { expiresIn = 600, issuedAgo = 0 } = {},
) {
  const now = Math.floor(Date.now() / 1000) - issuedAgo;
  return new SignJWT({
    sid: `sess_${claims.sub}`,
    v: 2,
    sts: "active",
    email: claims.email,
    name: claims.name,
  })
    .setProtectedHeader({ alg: "RS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(`https://${CLERK_HOST}`)
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + expiresIn)
    .sign(await importPKCS8(privateKeyPem, "RS256"));
}

async function meGet(authorization?: string) {
  const response = await fetch(`${web.url}/api/trpc/me.get`, {
    headers: authorization ? { authorization } : {},
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  const bapiPort = await freePort();
  bapi = createServer((request, response) => {
    bapiRequests.push(`${request.method} ${request.url}`);
    response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => bapi.listen(bapiPort, "127.0.0.1", resolve));
  web = await startWebServer(
    baseEnv({
      CLERK_SECRET_KEY: "sk_test_offline_not_a_real_key",
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKeyForHost(CLERK_HOST, "live"),
      CLERK_JWT_KEY: keys.publicKeyPem,
      CLERK_API_URL: `http://127.0.0.1:${bapiPort}`,
    }),
  );
});

afterAll(async () => {
  await web?.stop();
  await new Promise((resolve) => bapi?.close(resolve));
});

describe("Clerk sign-in with no network", () => {
  it("logs that Clerk is the active provider", () => {
    expect(web.output()).toContain("sign-in provider: clerk");
  });

  it("authenticates a tRPC call with a session token signed by the CLERK_JWT_KEY pair, and creates the person", async () => {
    const sub = `user_clerk_${Date.now()}`;
    const token = await mint(keys.privateKeyPem, {
      sub,
      email: "grace@example.com",
      name: "Grace",
    });
    const { status, body } = await meGet(`Bearer ${token}`);
    expect(status).toBe(200);
    expect(JSON.stringify(body)).toContain(sub);
    expect(JSON.stringify(body)).toContain("grace@example.com");
  });

  it("refuses a token signed by another key, an expired token, and no token, with 401", async () => {
    const claims = { sub: "user_forged", email: "mallory@example.com", name: "Mallory" };
    const forged = await mint(otherKeys.privateKeyPem, claims);
    const expired = await mint(keys.privateKeyPem, claims, { issuedAgo: 3600, expiresIn: 600 });
    for (const authorization of [`Bearer ${forged}`, `Bearer ${expired}`, undefined]) {
      const { status, body } = await meGet(authorization);
      expect(status).toBe(401);
      expect(JSON.stringify(body)).not.toMatch(/stack|at \w+ \(/);
    }
  });

  it("lets the product's own API keys through Clerk's middleware untouched", async () => {
    const response = await fetch(`${web.url}/api/trpc/me.whoami`, {
      headers: { authorization: "Bearer adc_AAAAAAAA_notarealkeynotarealkeynotarealkeynotarea" },
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/API key/i);
  });

  it("sent nothing off the machine: no Clerk API call, no outside DNS lookup or connection", () => {
    expect(bapiRequests).toEqual([]);
    expect(web.egress()).toEqual([]);
  });
});
