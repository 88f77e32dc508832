/**
 * What exactly goes over the wire, seen by a plain node:http server standing
 * in for Amazon (its Ads API and its token endpoint) at AMAZON_BASE_URL: the
 * sandbox's request log keeps only Amazon-* headers, this sees them all.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";

import type { TestActor } from "@adsconnect/api/testing";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { createAccount, type TestAccount } from "@adsconnect/tokens/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startHarness, type Harness, type ServedProxy } from "./support/harness";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  rawHeaders: string[];
  body: string;
}

let h: Harness;
let proxy: ServedProxy;
let amazonOrigin: string;
let owner: TestActor;
let account: TestAccount;
const seen: Seen[] = [];
let refreshes = 0;
let answer: (res: ServerResponse) => void = (res) => res.end("{}");
const amazon = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    if (req.url?.endsWith("/auth/o2/token")) {
      refreshes += 1;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          access_token: `Atza|stand-in-${refreshes}`,
          refresh_token: "Atzr|stand-in",
          token_type: "bearer",
          expires_in: 3600,
        }),
      );
      return;
    }
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body: Buffer.concat(chunks).toString(),
    });
    answer(res);
  });
});

beforeAll(async () => {
  h = await startHarness(testDatabaseUrl());
  await new Promise<void>((resolve) => amazon.listen(0, "127.0.0.1", resolve));
  const { port } = amazon.address() as AddressInfo;
  amazonOrigin = `http://127.0.0.1:${port}`;
  const services = h.servicesWith({ AMAZON_BASE_URL: `${amazonOrigin}/{region}` });
  proxy = await h.serve({ idleTimeoutMs: 500 }, services);
});
afterAll(async () => {
  amazon.closeAllConnections();
  amazon.close();
  await h.close();
});
beforeEach(async () => {
  seen.length = 0;
  answer = (res) => res.end("{}");
  owner = await h.actor();
  let n = 0;
  // A fresh stored token: the hand-out gives it without asking Amazon.
  account = await createAccount(
    h.services.pool,
    h.services.vault,
    {
      admin: {
        mintGrants: () =>
          Promise.resolve([{ userId: `amzn1.account.STANDIN${++n}`, refreshToken: "Atzr|x" }]),
        counters: () => Promise.resolve({ token: { refresh_token: refreshes } }),
      },
    },
    { userId: owner.userId, expiresInSeconds: 1800 },
  );
});

/** A raw node:http request (fetch would refuse or rewrite some of these headers). */
function raw(
  path: string,
  headers: Record<string, string | string[]>,
  method = "GET",
  body?: string,
): Promise<{
  status: number;
  headers: IncomingMessage["headers"];
  rawHeaders: string[];
  body: Buffer;
}> {
  return new Promise((resolve, reject) => {
    const req = request(`${proxy.origin}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("close", () => {
        if (!res.complete) reject(new Error("the answer was cut short"));
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("request headers", () => {
  it("strips the caller's credentials, forwarding chain and hop-by-hop headers, and forwards the rest", async () => {
    const response = await raw(
      `/ads/${account.id}/eu/sp/campaigns/list?a=1&b=%2Fx`,
      {
        authorization: `Bearer ${owner.apiKey}`,
        cookie: "session=secret",
        "x-forwarded-for": "10.0.0.1",
        "x-forwarded-proto": "https",
        forwarded: "for=10.0.0.1",
        "x-real-ip": "10.0.0.1",
        "proxy-authorization": "Basic Zm9vOmJhcg==",
        connection: "keep-alive, x-hop",
        "x-hop": "dropped because Connection names it",
        te: "trailers",
        "x-request-id": "caller-id-1",
        "amazon-advertising-api-clientid": "not-ours",
        "amazon-advertising-api-scope": "123",
        "amazon-ads-accountid": "ENTITY1",
        "content-type": "application/vnd.spCampaign.v3+json",
        accept: "application/vnd.spCampaign.v3+json",
        "accept-encoding": "gzip",
        prefer: "return=representation",
        "user-agent": "python-requests/2.32",
        "x-custom": "kept",
      },
      "POST",
      '{"maxResults":10}',
    );
    expect(response.status).toBe(200);
    expect(response.headers["x-request-id"]).toBe("caller-id-1");

    const [got] = seen;
    expect(got!.method).toBe("POST");
    expect(got!.url).toBe("/eu/sp/campaigns/list?a=1&b=%2Fx");
    expect(got!.body).toBe('{"maxResults":10}');
    const names = new Set(Object.keys(got!.headers));
    for (const name of [
      "cookie",
      "x-forwarded-for",
      "x-forwarded-proto",
      "forwarded",
      "x-real-ip",
      "proxy-authorization",
      "x-hop",
      "te",
      "x-request-id",
    ])
      expect(names.has(name), name).toBe(false);
    expect(got!.headers).toMatchObject({
      authorization: `Bearer ${account.accessToken}`,
      "amazon-advertising-api-clientid": h.sandbox.clientId,
      "amazon-advertising-api-scope": "123",
      "amazon-ads-accountid": "ENTITY1",
      "content-type": "application/vnd.spCampaign.v3+json",
      accept: "application/vnd.spCampaign.v3+json",
      "accept-encoding": "gzip",
      prefer: "return=representation",
      "user-agent": "python-requests/2.32",
      "x-custom": "kept",
      "content-length": "17",
      host: new URL(`http://${got!.headers.host}`).host,
    });
    // One Authorization only, and it is Amazon's token, not the key.
    expect(got!.rawHeaders.filter((v) => v.toLowerCase() === "authorization")).toHaveLength(1);
    expect(JSON.stringify(got!.headers)).not.toContain(owner.apiKey);
  });
});

describe("response headers and bodies", () => {
  it("passes Amazon's status, headers and bytes through, minus hop-by-hop headers", async () => {
    const gzipped = gzipSync(Buffer.from(JSON.stringify({ campaigns: [1, 2, 3] })));
    answer = (res) => {
      res.writeHead(207, {
        connection: "keep-alive, x-upstream-hop",
        "x-upstream-hop": "1",
        "keep-alive": "timeout=99, max=7",
        "proxy-authenticate": "Basic",
        upgrade: "h2c",
        "x-amzn-requestid": "amzn-req-1",
        "x-request-id": "upstream-id",
        "content-type": "application/vnd.spCampaign.v3+json",
        "content-encoding": "gzip",
        "content-length": String(gzipped.length),
        "set-cookie": ["a=1", "b=2"],
        "cache-control": "private",
      });
      res.end(gzipped);
    };
    const response = await raw(`/ads/${account.id}/na/v2/profiles`, {
      authorization: `Bearer ${owner.apiKey}`,
      "accept-encoding": "gzip",
    });
    expect(response.status).toBe(207);
    // The body is Amazon's bytes, still gzipped, with its length.
    expect(response.body.equals(gzipped)).toBe(true);
    expect(response.headers).toMatchObject({
      "content-encoding": "gzip",
      "content-length": String(gzipped.length),
      "content-type": "application/vnd.spCampaign.v3+json",
      "x-amzn-requestid": "amzn-req-1",
      "cache-control": "private",
      "set-cookie": ["a=1", "b=2"],
    });
    for (const name of ["x-upstream-hop", "proxy-authenticate", "upgrade"])
      expect(response.headers[name], name).toBeUndefined();
    // Node writes its own Keep-Alive for the caller's connection; Amazon's is not passed on.
    expect(response.headers["keep-alive"] ?? "").not.toContain("timeout=99");
    expect(response.headers.connection).not.toContain("x-upstream-hop");
    expect(response.headers["x-request-id"]).not.toBe("upstream-id");
    expect(response.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("streams a chunked answer as it comes", async () => {
    answer = (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("[1,");
      setTimeout(() => res.end("2]"), 100);
    };
    const response = await raw(`/ads/${account.id}/na/v2/profiles`, {
      authorization: `Bearer ${owner.apiKey}`,
    });
    expect(response.body.toString()).toBe("[1,2]");
  });
});

describe("a 401 that a new token does not cure", () => {
  it("refreshes once, retries once, then passes Amazon's 401 through", async () => {
    answer = (res) => {
      res.writeHead(401, { "content-type": "application/json", "x-amzn-requestid": "r-401" });
      res.end('{"code":"UNAUTHORIZED","details":"HTTP 401 Unauthorized"}');
    };
    const before = refreshes;
    const response = await raw(`/ads/${account.id}/na/v2/profiles`, {
      authorization: `Bearer ${owner.apiKey}`,
    });
    expect(response.status).toBe(401);
    expect(response.headers["x-adsconnect-error"]).toBeUndefined();
    expect(JSON.parse(response.body.toString())).toMatchObject({ code: "UNAUTHORIZED" });
    expect(refreshes).toBe(before + 1);
    expect(seen.map((s) => s.headers.authorization)).toEqual([
      `Bearer ${account.accessToken}`,
      `Bearer Atza|stand-in-${before + 1}`,
    ]);
  });
});

describe("streams that stall or redirect", () => {
  it("cuts an answer that stalls longer than idleTimeoutMs", async () => {
    answer = (res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"partial":');
      // …and nothing more.
    };
    h.clearLogs();
    const started = Date.now();
    await expect(
      raw(`/ads/${account.id}/na/v2/profiles`, { authorization: `Bearer ${owner.apiKey}` }),
    ).rejects.toThrow();
    // Without the idle timeout the call would hang until the test's own 60 s timeout; 20 s
    // leaves room for a busy machine.
    expect(Date.now() - started).toBeLessThan(20_000);
    await expect
      .poll(() => h.logs().find((l) => l.msg === "ads proxy request"))
      .toMatchObject({
        status: 200,
        incomplete: true,
      });
  });

  it("passes a redirect of a report download through without following it", async () => {
    answer = (res) => {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
      res.end();
    };
    const file = `${amazonOrigin}/na/__downloads/k/report-k.json.gz?X-Amz-Signature=x`;
    const response = await raw(`/ads/${account.id}/na/__download?url=${encodeURIComponent(file)}`, {
      authorization: `Bearer ${owner.apiKey}`,
    });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe("http://169.254.169.254/latest/meta-data/");
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe("/na/__downloads/k/report-k.json.gz?X-Amz-Signature=x");
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(Object.keys(seen[0]!.headers).filter((n) => n.startsWith("amazon-"))).toEqual([]);
  });
});
