import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SandboxAdminError, startSandboxProcess, type SandboxProcess } from "../src/index";

let sandbox: SandboxProcess;
let accessToken: string;
let refreshToken: string;
let profileId: string;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
});
afterAll(async () => {
  await sandbox?.stop();
});
beforeEach(async () => {
  await sandbox.admin.reset();
  const seller = await sandbox.admin.user("seller");
  profileId = seller.profiles.find((p) => p.region === "na" && p.countryCode === "CA")!.profileId;
  const [grant] = await sandbox.admin.mintGrants({ userId: seller.userId });
  refreshToken = grant!.refreshToken;
  accessToken = await refresh();
});

async function refresh(): Promise<string> {
  const res = await fetch(`${sandbox.baseUrl("na")}/auth/o2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

function ads(path: string, init: { method?: string; body?: string; type?: string } = {}) {
  return fetch(`${sandbox.baseUrl("na")}${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${accessToken}`,
      "amazon-advertising-api-clientid": sandbox.clientId,
      "amazon-advertising-api-scope": profileId,
      ...(init.type ? { "content-type": init.type } : {}),
    },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}

const listCampaigns = () =>
  ads("/sp/campaigns/list", {
    method: "POST",
    type: "application/vnd.spCampaign.v3+json",
    body: JSON.stringify({ maxResults: 5 }),
  });

async function completedReport(): Promise<{ url: string; fileSize: number; reportId: string }> {
  const today = new Date().toISOString().slice(0, 10);
  const created = await ads("/reporting/reports", {
    method: "POST",
    type: "application/vnd.createasyncreportrequest.v3+json",
    body: JSON.stringify({
      startDate: today,
      endDate: today,
      configuration: {
        adProduct: "SPONSORED_PRODUCTS",
        reportTypeId: "spCampaigns",
        groupBy: ["campaign"],
        columns: ["date", "campaignId", "cost"],
        timeUnit: "DAILY",
        format: "GZIP_JSON",
      },
    }),
  });
  const { reportId } = (await created.json()) as { reportId: string };
  return (await (await ads(`/reporting/reports/${reportId}`)).json()) as {
    url: string;
    fileSize: number;
    reportId: string;
  };
}

describe("typed admin controls for the Ads API proxy's tests", () => {
  it("expireAccessTokensOfGrant: 401 until a refresh; requests() shows the verdicts, never a token", async () => {
    expect((await listCampaigns()).status).toBe(200);
    expect(await sandbox.admin.expireAccessTokensOfGrant(refreshToken)).toMatchObject({
      expired: true,
    });
    const refused = await listCampaigns();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: "UNAUTHORIZED" });
    accessToken = await refresh();
    expect((await listCampaigns()).status).toBe(200);

    const log = await sandbox.admin.requests();
    expect(log.map((r) => [r.endpoint, r.authorization, r.status])).toEqual([
      ["spCampaigns", "valid", 200],
      ["spCampaigns", "expired", 401],
      ["spCampaigns", "valid", 200],
    ]);
    expect(log[0]!.amazonHeaders["amazon-advertising-api-scope"]).toBe(profileId);
    expect(JSON.stringify(log)).not.toContain(accessToken);
    await sandbox.admin.clearRequests();
    expect(await sandbox.admin.requests(10)).toEqual([]);
  });

  it("failAdsCalls by path with Retry-After, then latency for Ads calls and downloads", async () => {
    const faults = await sandbox.admin.failAdsCalls({
      status: 429,
      count: 1,
      retryAfterSeconds: 3,
      path: "/sp/campaigns/list",
    });
    expect(faults.adsFailures).toHaveLength(1);
    const throttled = await listCampaigns();
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect((await listCampaigns()).status).toBe(200);

    expect(await sandbox.admin.setLatency({ adsMs: 50, downloadMs: 50 })).toEqual({
      tokenMs: 0,
      adsMs: 50,
      downloadMs: 50,
    });
    const started = performance.now();
    await listCampaigns();
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    await expect(
      sandbox.admin.failAdsCalls({ status: 503, path: "no-slash" } as never),
    ).rejects.toBeInstanceOf(SandboxAdminError);
  });

  it("setReportSettings sizes the download; abortDownloads cuts one; failReports fails one", async () => {
    expect(
      await sandbox.admin.setReportSettings({ processingMs: 0, downloadBytes: 1_000_000 }),
    ).toEqual({ processingMs: 0, downloadBytes: 1_000_000, urlLifetimeSeconds: 3600 });
    const report = await completedReport();
    expect(report.fileSize).toBe(1_000_000);
    const file = Buffer.from(await (await fetch(report.url)).arrayBuffer());
    expect(file.length).toBe(1_000_000);
    expect(Array.isArray(JSON.parse(gunzipSync(file).toString()))).toBe(true);

    await sandbox.admin.abortDownloads({ afterBytes: 1000 });
    const cut = await fetch(report.url);
    await expect(cut.arrayBuffer()).rejects.toThrow();
    const [logged] = await sandbox.admin.requests(1);
    expect(logged).toMatchObject({
      endpoint: "reportDownload",
      completed: false,
      responseBytes: 1000,
    });

    await sandbox.admin.failReports({ failureReason: "sandbox says no" });
    await sandbox.admin.setReportSettings({ downloadBytes: null });
    const failed = (await completedReport()) as unknown as {
      status: string;
      failureReason: string;
    };
    expect(failed).toMatchObject({ status: "FAILED", failureReason: "sandbox says no" });

    const counters = await sandbox.admin.counters();
    expect(counters.reports).toEqual({ create: 2, status: 2, download: 2 });
    await sandbox.admin.reset();
    expect((await sandbox.admin.reportSettings()).downloadBytes).toBeNull();
  });
});
