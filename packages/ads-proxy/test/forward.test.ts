import { connect } from "node:net";

import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import type { TestActor } from "@adsconnect/api/testing";
import { refreshCalls, readAccount } from "@adsconnect/tokens/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
  AGENCY,
  AGENCY_US_PROFILE,
  SELLER_UK_PROFILE,
  SELLER_US_PROFILE,
  startHarness,
  VENDOR_US_PROFILE,
  type Harness,
  type ServedProxy,
} from "./support/harness";
import { REQUEST_LOG_FIELDS } from "../src/create-ads-proxy";
import { reportRequest } from "./support/reports";

const SP_JSON = "application/vnd.spCampaign.v3+json";

let h: Harness;
let proxy: ServedProxy;
let owner: TestActor;
beforeAll(async () => {
  h = await startHarness(testDatabaseUrl());
  proxy = await h.serve({ maxRetryWaitMs: 2_000 });
});
// An owner holds one account per Amazon user: each test gets its own owner.
beforeEach(async () => {
  owner = await h.actor();
});
afterAll(() => h.close());
afterEach(async () => {
  await h.sandbox.admin.clearFaults();
  await h.sandbox.admin.clearRequests();
});

/** A call through the proxy with the owner's API key (unless headers say otherwise). */
function call(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return fetch(`${proxy.origin}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${owner.apiKey}`, ...init.headers },
  });
}

const listCampaigns = (accountId: string, body: unknown, headers: Record<string, string> = {}) =>
  call(`/ads/${accountId}/na/sp/campaigns/list`, {
    method: "POST",
    headers: { "content-type": SP_JSON, accept: SP_JSON, ...headers },
    body: JSON.stringify(body),
  });

describe("the Ads API through the proxy", () => {
  it("injects Amazon's Authorization and client id, never the caller's key, and passes Amazon's answer through", async () => {
    const account = await h.account(owner);
    const response = await call(`/ads/${account.id}/na/v2/profiles`, {
      headers: { "amazon-advertising-api-clientid": "amzn1.application-oa2-client.not-ours" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("x-amzn-requestid")).toBeTruthy();
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("x-adsconnect-error")).toBeNull();
    const text = await response.text();
    // Raw int64 profile ids pass through as Amazon wrote them.
    expect(text).toContain(SELLER_US_PROFILE);

    const [seen] = await h.sandbox.admin.requests();
    expect(seen).toMatchObject({
      method: "GET",
      path: "/v2/profiles",
      region: "na",
      authorization: "valid",
      status: 200,
      completed: true,
    });
    expect(seen!.amazonHeaders["amazon-advertising-api-clientid"]).toBe(h.sandbox.clientId);
    expect(seen!.amazonHeaders["amazon-advertising-api-scope"]).toBeUndefined();
  });

  it("reaches each region's host", async () => {
    const account = await h.account(owner);
    const eu = await call(`/ads/${account.id}/eu/v2/profiles`);
    expect(eu.status).toBe(200);
    expect(await eu.text()).toContain(SELLER_UK_PROFILE);
    const fe = await call(`/ads/${account.id}/FE/v2/profiles`);
    expect(await fe.text()).toBe("[]");
    expect((await h.sandbox.admin.requests()).map((r) => r.region)).toEqual(["eu", "fe"]);
  });

  it("sends the scope from the caller's Amazon-Advertising-API-Scope header", async () => {
    const account = await h.account(owner);
    const response = await listCampaigns(
      account.id,
      { maxResults: 5 },
      { "amazon-advertising-api-scope": SELLER_US_PROFILE },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain(SP_JSON);
    expect(((await response.json()) as { campaigns: unknown[] }).campaigns).toHaveLength(5);
    const [seen] = await h.sandbox.admin.requests();
    expect(seen!.amazonHeaders["amazon-advertising-api-scope"]).toBe(SELLER_US_PROFILE);
    expect(seen!.contentType).toBe(SP_JSON);
    expect(seen!.accept).toBe(SP_JSON);
  });

  it("sends the scope from a profileId parameter, which Amazon never sees, keeping the rest of the query", async () => {
    const account = await h.account(owner, { amazonUserId: AGENCY });
    const response = await call(
      `/ads/${account.id}/na/dsp/advertisers?startIndex=0&profileId=${AGENCY_US_PROFILE}&count=7`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { totalResults: number; response: unknown[] };
    expect(body.response).toHaveLength(7);
    const [seen] = await h.sandbox.admin.requests();
    expect(seen!.query).toEqual({ startIndex: "0", count: "7" });
    expect(seen!.amazonHeaders["amazon-advertising-api-scope"]).toBe(AGENCY_US_PROFILE);
  });

  it("refuses a profileId and a scope header that disagree, before calling Amazon", async () => {
    const account = await h.account(owner);
    const response = await call(
      `/ads/${account.id}/na/v2/profiles?profileId=${SELLER_US_PROFILE}`,
      {
        headers: { "amazon-advertising-api-scope": VENDOR_US_PROFILE },
      },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_scope" } });
    expect(await h.sandbox.admin.requests()).toEqual([]);
  });

  it("passes Amazon-Ads-AccountId and Prefer through for DSP calls", async () => {
    const account = await h.account(owner, { amazonUserId: AGENCY });
    await call(`/ads/${account.id}/na/dsp/advertisers?profileId=${AGENCY_US_PROFILE}`, {
      headers: { "amazon-ads-accountid": "ENTITY1234567", prefer: "return=representation" },
    });
    const [seen] = await h.sandbox.admin.requests();
    expect(seen!.amazonHeaders["amazon-ads-accountid"]).toBe("ENTITY1234567");
  });

  it("pages through Sponsored Products campaigns with nextToken", async () => {
    const account = await h.account(owner);
    const scope = { "amazon-advertising-api-scope": SELLER_US_PROFILE };
    const ids = new Set<string>();
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const response = await listCampaigns(
        account.id,
        { maxResults: 1000, ...(nextToken ? { nextToken } : {}) },
        scope,
      );
      expect(response.status).toBe(200);
      const page = (await response.json()) as {
        totalResults: number;
        campaigns: { campaignId: string }[];
        nextToken?: string;
      };
      for (const campaign of page.campaigns) ids.add(String(campaign.campaignId));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(ids.size).toBe(2345);
  });

  it("answers Amazon's own errors as Amazon sent them (status, body, request id), without the proxy's error header", async () => {
    const account = await h.account(owner);
    const response = await call(`/ads/${account.id}/na/reporting/reports/not-a-report`, {
      headers: { "amazon-advertising-api-scope": SELLER_US_PROFILE },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("x-adsconnect-error")).toBeNull();
    expect(response.headers.get("x-amzn-requestid")).toBeTruthy();
    expect(await response.json()).toMatchObject({ code: "404" });
  });

  it("forwards only the Ads API's methods: any other is 405 before the key is looked up, and never reaches Amazon", async () => {
    const account = await h.account(owner);
    for (const method of ["OPTIONS", "PROPFIND", "SEARCH"]) {
      const response = await call(`/ads/${account.id}/na/v2/profiles`, { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD, POST, PUT, PATCH, DELETE");
      expect(await response.json()).toMatchObject({ error: { code: "method_not_allowed" } });
    }
    expect(await h.sandbox.admin.requests()).toEqual([]);
  });
});

describe("a 401 from Amazon", () => {
  it("refreshes the account's token once, under its lock, and retries with the new one", async () => {
    // The stored access token is fresh by its date but not one Amazon ever issued.
    const account = await h.account(owner, { expiresInSeconds: 1800 });
    const before = await refreshCalls(h.sandbox);
    const response = await call(`/ads/${account.id}/na/v2/profiles`);
    expect(response.status).toBe(200);
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);
    expect((await h.sandbox.admin.requests()).map((r) => [r.authorization, r.status])).toEqual([
      ["invalid", 401],
      ["valid", 200],
    ]);
    expect((await readAccount(h.services.pool, account.id)).lastRefreshedAt).not.toBeNull();
  });

  it("retries a POST with the same body after the refresh", async () => {
    const account = await h.account(owner);
    await call(`/ads/${account.id}/na/v2/profiles`); // a real token first
    await h.sandbox.admin.expireAccessTokensOfGrant(account.refreshToken);
    await h.sandbox.admin.clearRequests();
    const response = await listCampaigns(
      account.id,
      { maxResults: 3, stateFilter: { include: ["ENABLED"] } },
      { "amazon-advertising-api-scope": SELLER_US_PROFILE },
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { campaigns: unknown[] }).campaigns).toHaveLength(3);
    const seen = await h.sandbox.admin.requests();
    expect(seen.map((r) => [r.authorization, r.status])).toEqual([
      ["expired", 401],
      ["valid", 200],
    ]);
    expect(seen[1]!.bodyBytes).toBe(seen[0]!.bodyBytes);
    expect(seen[1]!.bodyBytes).toBeGreaterThan(0);
  });

  it("makes one refresh for a burst of calls that all met the same expired token", async () => {
    const account = await h.account(owner);
    await call(`/ads/${account.id}/na/v2/profiles`);
    await h.sandbox.admin.expireAccessTokensOfGrant(account.refreshToken);
    await h.sandbox.admin.setLatency({ tokenMs: 200 });
    const before = await refreshCalls(h.sandbox);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => call(`/ads/${account.id}/na/v2/profiles`)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await refreshCalls(h.sandbox)).toBe(before + 1);
  });

  it("passes a scope refusal through at once: the token was accepted", async () => {
    const account = await h.account(owner);
    await call(`/ads/${account.id}/na/v2/profiles`);
    await h.sandbox.admin.clearRequests();
    const before = await refreshCalls(h.sandbox);
    const response = await listCampaigns(
      account.id,
      {},
      { "amazon-advertising-api-scope": VENDOR_US_PROFILE },
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await refreshCalls(h.sandbox)).toBe(before);
    expect(await h.sandbox.admin.requests()).toHaveLength(1);
  });

  it("tells the caller to have the owner reconnect when Amazon refuses the grant", async () => {
    const account = await h.account(owner, { expiresInSeconds: 1800 });
    await h.sandbox.admin.revokeRefreshToken(account.refreshToken);
    const response = await call(`/ads/${account.id}/na/v2/profiles`);
    expect(response.status).toBe(412);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("needs_reconnect");
    expect(body.error.message).toMatch(/reconnect/);
    expect(response.headers.get("x-adsconnect-error")).toBe("needs_reconnect");
  });
});

describe("429 and 5xx from Amazon", () => {
  it("waits out a Retry-After within the bound and retries", async () => {
    const account = await h.account(owner);
    await call(`/ads/${account.id}/na/v2/profiles`);
    await h.sandbox.admin.clearRequests();
    await h.sandbox.admin.failAdsCalls({ status: 429, retryAfterSeconds: 1, count: 1 });
    const started = Date.now();
    const response = await call(`/ads/${account.id}/na/v2/profiles`);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect((await h.sandbox.admin.requests()).map((r) => r.status)).toEqual([429, 200]);
  });

  it("passes a 429 through at once when Retry-After asks for more than the bound", async () => {
    const account = await h.account(owner);
    await call(`/ads/${account.id}/na/v2/profiles`);
    await h.sandbox.admin.clearRequests();
    await h.sandbox.admin.failAdsCalls({ status: 429, retryAfterSeconds: 30, count: 1 });
    const started = Date.now();
    const response = await call(`/ads/${account.id}/na/v2/profiles`);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(response.headers.get("x-adsconnect-error")).toBeNull();
    expect(await response.json()).toMatchObject({ code: "429" });
    // A proxy that honoured the Retry-After would take 30 s; 10 s leaves room for a busy machine.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await h.sandbox.admin.requests()).toHaveLength(1);
  });

  it("gives up after maxRetries and passes the last 429 through", async () => {
    const account = await h.account(owner);
    await call(`/ads/${account.id}/na/v2/profiles`);
    await h.sandbox.admin.clearRequests();
    const served = await h.serve({ maxRetries: 1 });
    await h.sandbox.admin.failAdsCalls({ status: 429, retryAfterSeconds: 1, count: 5 });
    const response = await fetch(`${served.origin}/ads/${account.id}/na/v2/profiles`, {
      headers: { authorization: `Bearer ${owner.apiKey}` },
    });
    expect(response.status).toBe(429);
    expect(await h.sandbox.admin.requests()).toHaveLength(2);
  });

  it("retries a 503 of a GET and of a read-only list POST", async () => {
    const account = await h.account(owner);
    await call(`/ads/${account.id}/na/v2/profiles`);
    await h.sandbox.admin.clearRequests();
    await h.sandbox.admin.failAdsCalls({ status: 503, count: 1, path: "/v2/profiles" });
    expect((await call(`/ads/${account.id}/na/v2/profiles`)).status).toBe(200);
    await h.sandbox.admin.failAdsCalls({ status: 500, count: 1, path: "/sp/campaigns/list" });
    const list = await listCampaigns(
      account.id,
      { maxResults: 1 },
      { "amazon-advertising-api-scope": SELLER_US_PROFILE },
    );
    expect(list.status).toBe(200);
    expect((await h.sandbox.admin.requests()).map((r) => r.status)).toEqual([503, 200, 500, 200]);
  });

  it("passes a 5xx of a POST that creates something through at once", async () => {
    const account = await h.account(owner);
    await call(`/ads/${account.id}/na/v2/profiles`);
    await h.sandbox.admin.clearRequests();
    await h.sandbox.admin.failAdsCalls({ status: 500, count: 1, path: "/reporting/reports" });
    const response = await call(`/ads/${account.id}/na/reporting/reports`, {
      method: "POST",
      headers: {
        "content-type": "application/vnd.createasyncreportrequest.v3+json",
        "amazon-advertising-api-scope": SELLER_US_PROFILE,
      },
      body: JSON.stringify(reportRequest()),
    });
    expect(response.status).toBe(500);
    expect(await h.sandbox.admin.requests()).toHaveLength(1);
  });
});

describe("limits", () => {
  it("refuses a body over the limit with 413 and a clear error, without calling Amazon", async () => {
    const account = await h.account(owner);
    const small = await h.serve({ maxRequestBodyBytes: 1024 });
    const post = (body: RequestInit["body"], extra: RequestInit = {}) =>
      fetch(`${small.origin}/ads/${account.id}/na/sp/campaigns/list`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${owner.apiKey}`,
          "content-type": SP_JSON,
          "amazon-advertising-api-scope": SELLER_US_PROFILE,
        },
        body,
        ...extra,
      });
    const declared = await post(JSON.stringify({ nameFilter: { include: ["x".repeat(2000)] } }));
    expect(declared.status).toBe(413);
    const body = (await declared.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: "body_too_large" });
    expect(body.error.message).toContain("1024 bytes");

    // Chunked, with no Content-Length: counted as it arrives.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(512).fill(32));
        controller.close();
      },
    });
    const streamed = await post(chunks, { duplex: "half" } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await h.sandbox.admin.requests()).toEqual([]);

    const fits = await post(JSON.stringify({ maxResults: 1 }));
    expect(fits.status).toBe(200);
  });

  it("answers 504 when Amazon does not answer within the timeout", async () => {
    const account = await h.account(owner);
    await call(`/ads/${account.id}/na/v2/profiles`);
    const quick = await h.serve({ timeoutMs: 400 });
    await h.sandbox.admin.setLatency({ adsMs: 3000 });
    // Amazon would answer 200 after 3 s: a 504 is the proxy giving up first (no clock bound,
    // which a loaded machine would only make noisy).
    const response = await fetch(`${quick.origin}/ads/${account.id}/na/v2/profiles`, {
      headers: { authorization: `Bearer ${owner.apiKey}` },
    });
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: { code: "upstream_timeout" } });
  });

  it("stops the call to Amazon when the caller goes away", async () => {
    const account = await h.account(owner);
    await call(`/ads/${account.id}/na/v2/profiles`);
    h.clearLogs();
    await h.sandbox.admin.setLatency({ adsMs: 1500 });
    const aborted = call(`/ads/${account.id}/na/v2/profiles`, {
      signal: AbortSignal.timeout(300),
    });
    await expect(aborted).rejects.toThrow();
    await expect
      .poll(() => h.logs().find((l) => l.msg === "ads proxy request"))
      .toMatchObject({
        status: 499,
        clientClosed: true,
      });
  });
});

describe("a caller that leaves mid-body", () => {
  it("is logged as 499, with no error, and the proxy carries on", async () => {
    const account = await h.account(owner);
    h.clearLogs();
    const { port } = new URL(proxy.origin);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write(
          `POST /ads/${account.id}/na/sp/campaigns/list HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${owner.apiKey}\r\nContent-Type: ${SP_JSON}\r\nContent-Length: 100\r\n\r\n{"maxRes`,
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 200);
      });
      socket.on("error", reject);
    });
    await expect
      .poll(() => h.logs().find((l) => l.msg === "ads proxy request"))
      .toMatchObject({
        status: 499,
        clientClosed: true,
      });
    expect(h.logs().filter((l) => l.level === 50)).toEqual([]);
    expect((await call(`/ads/${account.id}/na/v2/profiles`)).status).toBe(200);
  });
});

describe("logs", () => {
  it("writes one line per request with what an operator needs, and never a token, key or body", async () => {
    const account = await h.account(owner, { expiresInSeconds: 1800 });
    h.clearLogs();
    const marker = "body-marker-7f3a";
    await listCampaigns(
      account.id,
      { nameFilter: { include: [marker] } },
      { "amazon-advertising-api-scope": SELLER_US_PROFILE },
    );
    await call(
      `/ads/${account.id}/na/dsp/advertisers?profileId=${SELLER_US_PROFILE}&secretish=${marker}`,
    );
    await call(`/ads/${account.id}/na/__sandbox/reset`);
    await fetch(`${proxy.origin}/ads/${account.id}/na/v2/profiles`, {
      headers: { authorization: `Bearer ${owner.apiKey.slice(0, -2)}xx` },
    });

    const lines = h.logs().filter((l) => l.msg === "ads proxy request");
    expect(lines).toHaveLength(4);
    // The line skips redaction by field name: it holds only its own known fields.
    const known = new Set<string>([...REQUEST_LOG_FIELDS, "level", "time", "service", "msg"]);
    for (const line of lines) expect(Object.keys(line).filter((k) => !known.has(k))).toEqual([]);
    expect(lines[0]).toMatchObject({
      method: "POST",
      accountId: account.id,
      region: "NA",
      path: "/sp/campaigns/list",
      status: 200,
      attempts: 2,
      tokenRefreshed: true,
      keyPrefix: owner.apiKey.slice(0, 12),
    });
    expect(lines[0]!.amazonRequestId).toEqual(expect.any(String));
    expect(lines[0]!.durationMs).toEqual(expect.any(Number));
    expect(lines[1]!.path).toBe("/dsp/advertisers?profileId&secretish");
    expect(lines[2]).toMatchObject({ status: 400, error: "invalid_path" });
    expect(lines[3]).toMatchObject({ status: 401, error: "unauthorized" });

    const stored = await readAccount(h.services.pool, account.id);
    const token = h.services.vault.decryptFor(
      `amazon_account:${account.id}:access_token`,
      stored.accessTokenCiphertext!,
    );
    const text = h.logText();
    for (const secret of [token, account.accessToken, account.refreshToken, owner.apiKey, marker])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/Atz[ar]\|/);
    expect(text).not.toContain(owner.apiKey.slice(13));
  });

  it("never puts a token in an error answer", async () => {
    const account = await h.account(owner, { expiresInSeconds: 1800 });
    await h.sandbox.admin.failTokenCalls({ status: 503, refreshToken: account.refreshToken });
    const response = await call(`/ads/${account.id}/na/v2/profiles`);
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(text).not.toMatch(/Atz[ar]\|/);
    expect(JSON.parse(text)).toMatchObject({
      error: { code: "unavailable", requestId: response.headers.get("x-request-id") },
    });
  });
});
