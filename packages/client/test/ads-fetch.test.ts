// ads.fetch over real HTTP against a node:http stand-in for the Ads API proxy (served beside the
// machine router, as apps/api will serve both at API_URL).
import type { IncomingMessage, ServerResponse } from "node:http";

import { createActor, createTestAccount, type TestActor } from "@adsconnect/api/testing";
import { createDb, type Db } from "@adsconnect/db/client";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createAdsConnectClient } from "../src/index";
import { startCountingApi, type CountingApi } from "./support/counting-api";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let release: () => void = () => {};
const seen: Seen[] = [];

/** The stand-in proxy: records each request, then answers by the path's last segment. */
function proxy(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const record = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    };
    seen.push(record);
    const last = record.url.split("?", 1)[0]!.split("/").at(-1);
    if (last === "stream") {
      const released = new Promise<void>((resolve) => (release = resolve));
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      res.write('{"part":1}\n');
      void released.then(() => res.end('{"part":2}\n'));
      return;
    }
    if (last === "refused" || last === "forbidden") {
      const status = last === "refused" ? 401 : 403;
      res.writeHead(status, { "content-type": "application/json", "x-amzn-requestid": "rq-1" });
      res.end(
        JSON.stringify({
          error: { code: "amazon_unauthorized", message: "Amazon refused", requestId: "rq-1" },
        }),
      );
      return;
    }
    const status = last === "missing" ? 404 : last === "broken" ? 500 : 200;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: status === 200 }));
  });
}

let db: Db;
let api: CountingApi;
let owner: TestActor;
let accountId: string;
beforeAll(async () => {
  db = createDb(testDatabaseUrl(), { max: 4 });
  api = await startCountingApi(db, proxy);
  owner = await createActor(db, "ads");
  accountId = await createTestAccount(db, api.vault, owner);
});
afterAll(async () => {
  await api.close();
  await db.$disconnect();
});

const client = () => createAdsConnectClient({ url: api.origin, apiKey: owner.apiKey });

describe("adsconnect.ads.fetch", () => {
  it("calls ${API_URL}/ads/{accountId}/{region}/{path} with the key, the profile as the scope and the caller's headers", async () => {
    seen.length = 0;
    const response = await client().ads.fetch(accountId, "/v2/profiles?x=1&y=%2F", {
      region: "EU",
      profileId: 4400000000000000999n,
      headers: {
        "Amazon-Ads-AccountId": "amzn1.ads-account.g.x",
        authorization: "Bearer Atza|not-mine-to-send",
        accept: "application/json",
      },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: "GET",
      url: `/ads/${accountId}/eu/v2/profiles?x=1&y=%2F`,
      headers: {
        authorization: `Bearer ${owner.apiKey}`,
        "amazon-advertising-api-scope": "4400000000000000999",
        "amazon-ads-accountid": "amzn1.ads-account.g.x",
        accept: "application/json",
      },
    });
  });

  it("defaults to na, keeps a scope header the caller set, and finds /ads beside a full /trpc URL", async () => {
    seen.length = 0;
    const adsconnect = createAdsConnectClient({ url: `${api.origin}/trpc/`, apiKey: owner.apiKey });
    const response = await adsconnect.ads.fetch(accountId, "sp/campaigns/list", {
      profileId: 1,
      headers: { "Amazon-Advertising-API-Scope": "7" },
    });
    expect(response.ok).toBe(true);
    expect(seen[0]).toMatchObject({
      url: `/ads/${accountId}/na/sp/campaigns/list`,
      headers: { "amazon-advertising-api-scope": "7" },
    });
  });

  it("sends a request body, a string or a stream", async () => {
    seen.length = 0;
    const adsconnect = client();
    const body = JSON.stringify({ stateFilter: { include: ["ENABLED"] } });
    await adsconnect.ads.fetch(accountId, "/sp/campaigns/list", {
      method: "POST",
      body,
      headers: { "content-type": "application/vnd.spCampaign.v3+json" },
    });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("a,"));
        controller.enqueue(new TextEncoder().encode("b"));
        controller.close();
      },
    });
    await adsconnect.ads.fetch(accountId, "/upload", { method: "PUT", body: stream });
    expect(seen.map(({ method, body: sent }) => ({ method, body: sent }))).toEqual([
      { method: "POST", body },
      { method: "PUT", body: "a,b" },
    ]);
    expect(seen[0]!.headers["content-type"]).toBe("application/vnd.spCampaign.v3+json");
  });

  it("resolves with the Response as it streams: the first part arrives before the server sends the next", async () => {
    const response = await client().ads.fetch(accountId, "/reports/stream");
    expect(response.headers.get("content-type")).toBe("application/x-ndjson");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe('{"part":1}\n');
    release();
    let rest = "";
    for (let part = await reader.read(); !part.done; part = await reader.read())
      rest += decoder.decode(part.value, { stream: true });
    expect(rest).toBe('{"part":2}\n');
  });

  it.each([
    ["refused", 401],
    ["forbidden", 403],
  ])(
    "hands back a %s answer untouched and forgets the account's cached grant",
    async (path, status) => {
      const adsconnect = client();
      await adsconnect.getAccessToken(accountId);
      const before = api.handOutRequests();
      await adsconnect.getAccessToken(accountId);
      expect(api.handOutRequests()).toBe(before);

      const response = await adsconnect.ads.fetch(accountId, `/v2/${path}`);
      expect(response.status).toBe(status);
      expect(response.headers.get("x-amzn-requestid")).toBe("rq-1");
      expect(await response.json()).toEqual({
        error: { code: "amazon_unauthorized", message: "Amazon refused", requestId: "rq-1" },
      });

      await adsconnect.getAccessToken(accountId);
      expect(api.handOutRequests()).toBe(before + 1);
    },
  );

  it.each(["missing", "broken"])("keeps the grant on any other answer (%s)", async (path) => {
    const adsconnect = client();
    await adsconnect.getAccessToken(accountId);
    const before = api.handOutRequests();
    const response = await adsconnect.ads.fetch(accountId, `/v2/${path}`);
    expect(response.ok).toBe(false);
    await adsconnect.getAccessToken(accountId);
    expect(api.handOutRequests()).toBe(before);
  });

  it("refuses what would send the key elsewhere: a URL, a path leaving the account, an unknown region", async () => {
    const adsconnect = client();
    await expect(
      adsconnect.ads.fetch(accountId, "https://advertising-api.amazon.com/v2/profiles"),
    ).rejects.toThrow(/not a URL/);
    await expect(adsconnect.ads.fetch(accountId, "//evil.example/v2")).rejects.toThrow(/not a URL/);
    await expect(adsconnect.ads.fetch(accountId, "/v2/../../../trpc/me.whoami")).rejects.toThrow(
      /leaves/,
    );
    await expect(
      adsconnect.ads.fetch(accountId, "/v2/profiles", { region: "us" as "na" }),
    ).rejects.toThrow(/region must be one of/);
    await expect(adsconnect.ads.fetch("", "/v2/profiles")).rejects.toThrow(/accountId/);
  });
});
