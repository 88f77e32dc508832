import { describe, expect, it } from "vitest";
import {
  adminCall,
  adsHeaders,
  CLIENT_ID,
  connect,
  createReport,
  getReport,
  listCampaigns,
  refresh,
  SELLER,
  SELLER_CA_PROFILE,
  SP_CAMPAIGN,
  startSandbox,
  type ReportAnswer,
} from "./support/sandbox";

interface Logged {
  seq: number;
  at: string;
  requestId: string;
  region: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  endpoint: string | null;
  amazonHeaders: Record<string, string>;
  contentType: string | null;
  accept: string | null;
  authorization: "absent" | "valid" | "expired" | "invalid";
  tokenUserId: string | null;
  bodyBytes: number;
  status: number | null;
  responseBytes: number;
  completed: boolean;
}

async function requests(url: string, limit?: number): Promise<Logged[]> {
  const res = await fetch(`${url}/__sandbox/requests${limit ? `?limit=${limit}` : ""}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { requests: Logged[] }).requests;
}

describe("request log (GET /__sandbox/requests)", () => {
  it("records what reached the Ads API: method, path, query, Amazon headers, token verdict, sizes", async () => {
    const { base, url } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    const body = JSON.stringify({ maxResults: 5, stateFilter: { include: ["ENABLED"] } });
    const res = await fetch(`${base("na")}/sp/campaigns/list?trace=1&trace=2`, {
      method: "POST",
      headers: adsHeaders(access_token, {
        "amazon-advertising-api-scope": SELLER_CA_PROFILE,
        "amazon-ads-accountid": "ENTITY123",
        "content-type": SP_CAMPAIGN,
        accept: SP_CAMPAIGN,
      }),
      body,
    });
    const answer = await res.text();
    const [entry] = await requests(url);
    expect(entry).toEqual({
      seq: 1,
      at: expect.stringMatching(/^2026-01-15T12:00:00/),
      requestId: res.headers.get("x-amzn-requestid"),
      region: "na",
      method: "POST",
      path: "/sp/campaigns/list",
      query: { trace: ["1", "2"] },
      endpoint: "spCampaigns",
      amazonHeaders: {
        "amazon-advertising-api-clientid": CLIENT_ID,
        "amazon-advertising-api-scope": SELLER_CA_PROFILE,
        "amazon-ads-accountid": "ENTITY123",
      },
      contentType: SP_CAMPAIGN,
      accept: SP_CAMPAIGN,
      authorization: "valid",
      tokenUserId: SELLER,
      bodyBytes: Buffer.byteLength(body),
      status: 200,
      responseBytes: Buffer.byteLength(answer),
      completed: true,
    });
  });

  it("tells absent, invalid, expired and valid tokens apart and never keeps a token", async () => {
    const { base, url, sandbox } = await startSandbox();
    const { access_token, refresh_token } = await connect(base("na"), SELLER);
    const profiles = (headers: Record<string, string>) =>
      fetch(`${base("na")}/v2/profiles`, { headers });
    await profiles({ "amazon-advertising-api-clientid": CLIENT_ID });
    await profiles(adsHeaders("Atza|not-a-real-token"));
    await profiles({ ...adsHeaders(access_token), authorization: `Basic ${access_token}` });
    await profiles(adsHeaders(access_token));
    sandbox.expireAccessToken(access_token);
    await profiles(adsHeaders(access_token));
    const renewed = (await (await refresh(base("na"), refresh_token)).json()) as {
      access_token: string;
    };
    await profiles(adsHeaders(renewed.access_token));
    await fetch(`${base("eu")}/user/profile?access_token=${encodeURIComponent(access_token)}`);

    const log = await requests(url);
    expect(log.map((e) => [e.authorization, e.status])).toEqual([
      ["absent", 401],
      ["invalid", 401],
      ["invalid", 401],
      ["valid", 200],
      ["expired", 401],
      ["valid", 200],
      ["absent", 401],
    ]);
    expect(log[4]!.tokenUserId).toBe(SELLER);
    expect(log[6]!.query).toEqual({ access_token: "[redacted]" });
    const text = JSON.stringify(log);
    for (const secret of [access_token, refresh_token, renewed.access_token]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(5, 60));
    }
    // The consent page and the token endpoint are not Ads API calls; admin calls neither.
    expect(log.some((e) => e.path.includes("/auth/") || e.path.includes("/ap/"))).toBe(false);
  });

  it("logs unknown paths (404) and counts bodies larger than the 1 MiB the API reads (413)", async () => {
    const { base, url } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    const missing = await fetch(`${base("fe")}/v2/nothing-here?x=1`, {
      headers: adsHeaders(access_token),
    });
    expect(missing.status).toBe(404);
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 0x20);
    const tooLarge = await fetch(`${base("na")}/sp/campaigns/list`, {
      method: "POST",
      headers: adsHeaders(access_token, {
        "amazon-advertising-api-scope": SELLER_CA_PROFILE,
        "content-type": SP_CAMPAIGN,
      }),
      body: big,
    });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ code: "INVALID_ARGUMENT" });
    const [notFound, upload] = await requests(url);
    expect(notFound).toMatchObject({
      region: "fe",
      path: "/v2/nothing-here",
      query: { x: "1" },
      endpoint: null,
      status: 404,
    });
    expect(upload).toMatchObject({ bodyBytes: big.length, status: 413, endpoint: "spCampaigns" });
  });

  it("logs report downloads (S3 request id, no Authorization) with the bytes streamed", async () => {
    const { base, url, clock } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    const { reportId } = (await (
      await createReport(base("na"), access_token, SELLER_CA_PROFILE)
    ).json()) as ReportAnswer;
    clock.advance(2000);
    const report = (await (
      await getReport(base("na"), access_token, SELLER_CA_PROFILE, reportId)
    ).json()) as ReportAnswer;
    const download = await fetch(report.url!);
    await download.arrayBuffer();
    const log = await requests(url, 1);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      endpoint: "reportDownload",
      method: "GET",
      requestId: download.headers.get("x-amz-request-id"),
      authorization: "absent",
      status: 200,
      responseBytes: report.fileSize,
      completed: true,
      query: { "X-Amz-Algorithm": "AWS4-HMAC-SHA256" },
    });
  });

  it("limit picks the last N; DELETE and reset() clear the log", async () => {
    const { base, url, sandbox } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    for (let i = 0; i < 5; i++) await listCampaigns(base("na"), access_token, SELLER_CA_PROFILE);
    const last2 = await requests(url, 2);
    expect(last2.map((e) => e.seq)).toEqual([4, 5]);
    expect((await adminCall(url, "GET", "requests?limit=0")).status).toBe(400);
    expect((await adminCall(url, "DELETE", "requests")).body).toEqual({ ok: true });
    expect(await requests(url)).toEqual([]);
    await listCampaigns(base("na"), access_token, SELLER_CA_PROFILE);
    expect(sandbox.requests()).toHaveLength(1);
    sandbox.reset();
    expect(sandbox.requests()).toEqual([]);
  });
});
