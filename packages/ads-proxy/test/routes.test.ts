import { request } from "node:http";
import { connect } from "node:net";

import type { TestActor } from "@adsconnect/api/testing";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { ProxyError, type ProxyCall } from "../src/index";
import { startHarness, type Harness, type ServedProxy } from "./support/harness";

/** The tRPC hand-out's NOT_FOUND message (AccountNotFoundError): the same answer for every miss. */
const NOT_FOUND = "You have no Amazon account with that id.";

let h: Harness;
let proxy: ServedProxy;
let owner: TestActor;
let accountId: string;
beforeAll(async () => {
  h = await startHarness(testDatabaseUrl());
  proxy = await h.serve();
  owner = await h.actor();
  accountId = (await h.account(owner)).id;
});
afterAll(() => h.close());
afterEach(async () => {
  await h.sandbox.admin.clearRequests();
});

const call = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${proxy.origin}${path}`, {
    headers: { authorization: `Bearer ${owner.apiKey}`, ...headers },
  });

/**
 * A GET with its path sent exactly as written: fetch would resolve `.`, `..`
 * and their encodings (`%2e`) before sending, as WHATWG URLs do.
 */
function rawGet(path: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${proxy.origin}/`,
      { path, headers: { authorization: `Bearer ${owner.apiKey}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers))
            if (typeof value === "string") headers.set(name, value);
          resolve(new Response(Buffer.concat(chunks), { status: res.statusCode!, headers }));
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

async function refusal(response: Response) {
  const body = (await response.json()) as {
    error: { code: string; message: string; requestId: string };
  };
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("x-adsconnect-error")).toBe(body.error.code);
  expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
  return { status: response.status, ...body.error };
}

describe("API keys", () => {
  it("answers 401 without a key, with a malformed, unknown or revoked one, or with an Amazon token", async () => {
    const revoked = await h.actor("revoked");
    await h.services.pool.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [
      revoked.apiKeyId,
    ]);
    const path = `/ads/${accountId}/na/v2/profiles`;
    for (const authorization of [
      undefined,
      "Bearer",
      "Basic dXNlcjpwYXNz",
      "Bearer adc_short",
      `Bearer ${owner.apiKey.slice(0, -4)}AAAA`,
      `Bearer ${revoked.apiKey}`,
      "Bearer Atza|IwEBIA-an-amazon-access-token",
    ]) {
      const response = await fetch(`${proxy.origin}${path}`, {
        headers: authorization ? { authorization } : {},
      });
      const error = await refusal(response);
      expect(error, String(authorization)).toMatchObject({ status: 401, code: "unauthorized" });
      expect(error.message).toContain("Authorization: Bearer adc_");
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="adsconnect"');
    }
    expect(await h.sandbox.admin.requests()).toEqual([]);
  });
});

describe("remembered lookups", () => {
  /**
   * The cache's lifetime here: the production default, long enough that the few calls between a
   * proxy's first lookup and the check that it still serves fit well inside it on a busy machine.
   */
  const TTL_MS = 2_000;
  /** How long past TTL_MS the refusal may take to be seen: one call's time on a busy machine. */
  const SLACK_MS = 2_000;

  it("stops a revoked key and a disconnected account within cacheTtlMs, and at once with 0", async () => {
    const app = await h.actor("short-lived");
    // A fresh token: no inline refresh (on a connection still to open) eats into the TTL.
    const id = (await h.account(app, { expiresInSeconds: 3600 })).id;
    const status = async (origin: string) => {
      const response = await fetch(`${origin}/ads/${id}/na/v2/profiles`, {
        headers: { authorization: `Bearer ${app.apiKey}` },
      });
      await response.arrayBuffer();
      return response.status;
    };
    /** Asks `origin` until it answers `expected` or `deadline` (epoch ms) passes; its last answer. */
    async function statusBy(origin: string, expected: number, deadline: number) {
      for (;;) {
        const answered = await status(origin);
        if (answered === expected || Date.now() > deadline) return answered;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    const uncached = await h.serve({ cacheTtlMs: 0 });
    /**
     * After `change`, the uncached proxy refuses at once; a proxy whose first call came just
     * before it still serves, then refuses once TTL_MS has passed since that call.
     */
    async function stopsWithinTtl(change: () => Promise<unknown>, refusal: number) {
      const cached = await h.serve({ cacheTtlMs: TTL_MS });
      const firstCallAt = Date.now();
      expect(await status(cached.origin)).toBe(200);
      expect(await status(uncached.origin)).toBe(200);
      await change();
      expect(await status(uncached.origin)).toBe(refusal);
      expect(await status(cached.origin)).toBe(200);
      expect(await statusBy(cached.origin, refusal, firstCallAt + TTL_MS + SLACK_MS)).toBe(refusal);
      return cached;
    }

    const cached = await stopsWithinTtl(
      () =>
        h.services.pool.query(`UPDATE amazon_accounts SET status = 'disconnected' WHERE id = $1`, [
          id,
        ]),
      412,
    );
    // Refusals are not remembered: active again, it serves at once.
    await h.services.pool.query(`UPDATE amazon_accounts SET status = 'active' WHERE id = $1`, [id]);
    expect(await status(cached.origin)).toBe(200);

    await stopsWithinTtl(
      () =>
        h.services.pool.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [
          app.apiKeyId,
        ]),
      401,
    );
  });

  it("never remembers a key past its own expiry, however long cacheTtlMs", async () => {
    const app = await h.actor("expiring");
    const id = (await h.account(app, { expiresInSeconds: 3600 })).id;
    // Long enough for the first call to come before it on a busy machine.
    const expiresAt = Date.now() + 5_000;
    await h.services.pool.query(`UPDATE api_keys SET expires_at = $2 WHERE id = $1`, [
      app.apiKeyId,
      new Date(expiresAt),
    ]);
    const cached = await h.serve({ cacheTtlMs: 10 * 60_000 });
    const status = async () => {
      const response = await fetch(`${cached.origin}/ads/${id}/na/v2/profiles`, {
        headers: { authorization: `Bearer ${app.apiKey}` },
      });
      await response.arrayBuffer();
      return response.status;
    };
    expect(await status()).toBe(200);
    let answered = 200;
    while (answered === 200 && Date.now() < expiresAt + SLACK_MS) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      answered = await status();
    }
    expect(answered).toBe(401);
  });
});

describe("accounts", () => {
  it("answers 404 with the hand-out's message for another person's account, an unknown one and a malformed id", async () => {
    const stranger = await h.actor("stranger");
    const theirs = (await h.account(stranger)).id;
    for (const id of [theirs, "0190c3d2-0000-7000-8000-0000000000ff", "not-an-id"]) {
      for (const path of [`/ads/${id}/na/v2/profiles`, `/ads/${id}/na/__download?url=x`]) {
        const error = await refusal(await call(path));
        expect(error, path).toMatchObject({ status: 404, code: "not_found", message: NOT_FOUND });
      }
    }
    expect(await h.sandbox.admin.requests()).toEqual([]);
  });
});

describe("paths", () => {
  it.each([
    ["..", `/v2/../../../na/__sandbox/reset`],
    ["..", `/v2/profiles/../../v2/profiles`],
    ["encoded ..", `/v2/%2e%2e/v2/profiles`],
    ["encoded .. (upper case)", `/v2/%2E%2E/%2E%2E/na/v2/profiles`],
    ["half-encoded ..", `/v2/.%2e/profiles`],
    [".", `/./v2/profiles`],
    ["encoded .", `/v2/%2e/profiles`],
    ["//", `/v2//profiles`],
    ["an absolute URL", `/http://evil.example/v2/profiles`],
    ["an absolute URL, encoded", `/http:%2F%2Fevil.example%2Fv2/profiles`],
    ["an encoded slash", `/v2%2Fprofiles`],
    ["a backslash", `/v2%5C..%5C__sandbox`],
    ["the sandbox's admin", `/__sandbox/reset`],
    ["the sandbox's downloads", `/__downloads/x/report-x.json.gz`],
    ["the token endpoint", `/auth/o2/token`],
    ["the consent page", `/ap/oa`],
    ["the user profile", `/user/profile`],
    ["an unknown root", `/admin/users`],
    ["nothing after the region", `/`],
    ["a control character", `/v2/%0aprofiles`],
    ["a malformed escape", `/v2/%zzprofiles`],
  ])("refuses %s with 400 before calling Amazon", async (_, rest) => {
    const error = await refusal(await rawGet(`/ads/${accountId}/na${rest}`));
    expect(error).toMatchObject({ status: 400, code: "invalid_path" });
    expect(await h.sandbox.admin.requests()).toEqual([]);
  });

  it("says which paths are allowed", async () => {
    const error = await refusal(await call(`/ads/${accountId}/na/auth/o2/token`));
    expect(error.message).toContain("/v2/, /v3/");
    expect(error.message).toContain("/sp/");
    expect(error.message).toContain("/reporting/");
    expect(error.message).toContain("/ads/{accountId}/{region}/__download?url=");
  });

  it("refuses an unknown region and a path without one", async () => {
    const region = await refusal(await call(`/ads/${accountId}/us/v2/profiles`));
    expect(region).toMatchObject({ status: 400, code: "invalid_region" });
    expect(region.message).toContain("na (North America), eu (Europe) or fe (Far East)");
    expect(await refusal(await call(`/ads/${accountId}`))).toMatchObject({
      status: 400,
      code: "invalid_path",
    });
    expect(await refusal(await call(`/somewhere/else`))).toMatchObject({
      status: 404,
      code: "not_found",
    });
  });

  it("refuses an absolute-form request target", async () => {
    const { port } = new URL(proxy.origin);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.end(
          `GET http://127.0.0.1:${port}/ads/${accountId}/na/v2/profiles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${owner.apiKey}\r\nConnection: close\r\n\r\n`,
        );
      });
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"code":"invalid_path"');
    expect(await h.sandbox.admin.requests()).toEqual([]);
  });

  it("forwards an allowed path with its percent-encoding as sent", async () => {
    const response = await call(
      `/ads/${accountId}/na/v2/profiles?profileTypeFilter=seller%2Cvendor`,
    );
    expect(response.status).toBe(200);
    const [seen] = await h.sandbox.admin.requests();
    expect(seen!.query).toEqual({ profileTypeFilter: "seller,vendor" });
  });
});

describe("request ids", () => {
  it("uses the caller's x-request-id when it is a plain token, else makes one", async () => {
    const mine = await call(`/ads/${accountId}/na/v2/profiles`, { "x-request-id": "app-42.7" });
    expect(mine.headers.get("x-request-id")).toBe("app-42.7");
    const odd = await call(`/ads/${accountId}/na/nope`, { "x-request-id": "has spaces" });
    expect(odd.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("the authorize step", () => {
  it("sees the key's principal and the call, and may refuse it", async () => {
    const calls: ProxyCall[] = [];
    const strict = await h.serve({
      authorize: (principal, call) => {
        expect(principal).toMatchObject({ workspaceId: owner.workspaceId, id: owner.apiKeyId });
        calls.push(call);
        if (call.method !== "GET")
          throw new ProxyError(403, "forbidden", "This key may only read through the proxy.");
      },
    });
    const read = await fetch(`${strict.origin}/ads/${accountId}/eu/v2/profiles`, {
      headers: { authorization: `Bearer ${owner.apiKey}` },
    });
    expect(read.status).toBe(200);
    const write = await fetch(`${strict.origin}/ads/${accountId}/na/sp/campaigns/list`, {
      method: "POST",
      headers: { authorization: `Bearer ${owner.apiKey}` },
      body: "{}",
    });
    expect(await refusal(write)).toMatchObject({ status: 403, code: "forbidden" });
    expect(calls).toEqual([
      { kind: "ads", accountId, region: "EU", method: "GET", path: "/v2/profiles" },
      { kind: "ads", accountId, region: "NA", method: "POST", path: "/sp/campaigns/list" },
    ]);
  });
});
