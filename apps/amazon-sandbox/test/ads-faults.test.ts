import { describe, expect, it } from "vitest";
import {
  adminCall,
  adsHeaders,
  connect,
  createReport,
  getReport,
  listCampaigns,
  refresh,
  reportRequest,
  SELLER,
  SELLER_CA_PROFILE,
  SELLER_UK_PROFILE,
  startSandbox,
  type ReportAnswer,
} from "./support/sandbox";

async function completedReportUrl(
  run: Awaited<ReturnType<typeof startSandbox>>,
  accessToken: string,
  body = reportRequest(),
): Promise<ReportAnswer> {
  const { reportId } = (await (
    await createReport(run.base("na"), accessToken, SELLER_CA_PROFILE, body)
  ).json()) as ReportAnswer;
  run.clock.advance(2000);
  return (await (
    await getReport(run.base("na"), accessToken, SELLER_CA_PROFILE, reportId)
  ).json()) as ReportAnswer;
}

describe("expire early", () => {
  it("expires every access token of one grant: 401 in the endpoint's shape; a refresh works at once", async () => {
    const { base, url } = await startSandbox();
    const first = await connect(base("na"), SELLER);
    const second = await connect(base("na"), SELLER); // another grant of the same person
    const expired = await adminCall(url, "POST", "expire-access-token", {
      refreshToken: first.refresh_token,
    });
    expect(expired).toEqual({ status: 200, body: { expired: true, userId: SELLER } });

    const refused = await listCampaigns(base("na"), first.access_token, SELLER_CA_PROFILE);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      code: "UNAUTHORIZED",
      message: "HTTP 401 Unauthorized",
    });
    const report = await createReport(base("na"), first.access_token, SELLER_CA_PROFILE);
    expect(report.status).toBe(401);
    expect(await report.json()).toEqual({ code: "401", detail: "HTTP 401 Unauthorized" });
    expect(
      (await fetch(`${base("na")}/v2/profiles`, { headers: adsHeaders(first.access_token) }))
        .status,
    ).toBe(401);
    // The other grant is untouched.
    expect((await listCampaigns(base("na"), second.access_token, SELLER_CA_PROFILE)).status).toBe(
      200,
    );
    // The test clock has not moved: the new token is issued in the same millisecond and works.
    const renewed = (await (await refresh(base("na"), first.refresh_token)).json()) as {
      access_token: string;
    };
    expect((await listCampaigns(base("na"), renewed.access_token, SELLER_CA_PROFILE)).status).toBe(
      200,
    );

    const unknown = await adminCall(url, "POST", "expire-access-token", { refreshToken: "Atzr|x" });
    expect(unknown.status).toBe(400);
  });

  it("expires all of a user's tokens; refreshing any grant works again in the same millisecond", async () => {
    const { base, sandbox } = await startSandbox();
    const tokens = await connect(base("na"), SELLER);
    sandbox.expireAccessTokensOfUser(SELLER);
    expect((await listCampaigns(base("na"), tokens.access_token, SELLER_CA_PROFILE)).status).toBe(
      401,
    );
    const renewed = (await (await refresh(base("na"), tokens.refresh_token)).json()) as {
      access_token: string;
    };
    expect((await listCampaigns(base("na"), renewed.access_token, SELLER_CA_PROFILE)).status).toBe(
      200,
    );
  });
});

describe("Ads failure faults", () => {
  it("429 with Retry-After for the next N calls of one path, in that endpoint's shape", async () => {
    const { base, url } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    const fault = await adminCall(url, "POST", "faults/ads", {
      status: 429,
      count: 2,
      retryAfterSeconds: 7,
      path: "/sp/campaigns/list",
    });
    expect(fault.body.adsFailures).toEqual([
      { status: 429, count: 2, retryAfterSeconds: 7, path: "/sp/campaigns/list", remaining: 2 },
    ]);
    // Another path is not affected.
    expect(
      (await fetch(`${base("na")}/v2/profiles`, { headers: adsHeaders(access_token) })).status,
    ).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await listCampaigns(base("na"), access_token, SELLER_CA_PROFILE);
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("7");
      expect(res.headers.get("x-amzn-requestid")).toBeTruthy();
      expect(await res.json()).toEqual({ code: "THROTTLED", message: "Too Many Requests" });
    }
    expect((await listCampaigns(base("na"), access_token, SELLER_CA_PROFILE)).status).toBe(200);
  });

  it("a path prefix and a region narrow a fault; 429 defaults to Retry-After: 1", async () => {
    const { base, sandbox } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    sandbox.failAdsCalls({ status: 429, count: 3, path: "/reporting/reports*", region: "na" });
    expect((await listCampaigns(base("eu"), access_token, SELLER_UK_PROFILE)).status).toBe(200);
    expect((await createReport(base("eu"), access_token, SELLER_UK_PROFILE)).status).toBe(200);
    const create = await createReport(base("na"), access_token, SELLER_CA_PROFILE);
    expect(create.status).toBe(429);
    expect(create.headers.get("retry-after")).toBe("1");
    expect(await create.json()).toEqual({ code: "429", detail: "Too Many Requests" });
    expect((await getReport(base("na"), access_token, SELLER_CA_PROFILE, "x")).status).toBe(429);
    expect(sandbox.faults().adsFailures[0]!.remaining).toBe(1);
  });

  it("5xx for the next N Ads calls of any endpoint, but never a report download unless targeted", async () => {
    const run = await startSandbox();
    const { base, sandbox } = run;
    const { access_token } = await connect(base("na"), SELLER);
    const report = await completedReportUrl(run, access_token);
    sandbox.failAdsCalls({ status: 503, count: 3 });
    expect((await fetch(report.url!)).status).toBe(200);
    const profiles = await fetch(`${base("na")}/v2/profiles`, {
      headers: adsHeaders(access_token),
    });
    expect(profiles.status).toBe(503);
    expect(await profiles.json()).toMatchObject({ code: "503", details: "Service Unavailable" });
    const sp = await listCampaigns(base("na"), access_token, SELLER_CA_PROFILE);
    expect(sp.status).toBe(503);
    expect(await sp.json()).toEqual({ code: "INTERNAL_ERROR", message: "Service Unavailable" });
    const status = await getReport(base("na"), access_token, SELLER_CA_PROFILE, report.reportId);
    expect(status.status).toBe(503);
    expect(status.headers.get("retry-after")).toBeNull();
    expect((await listCampaigns(base("na"), access_token, SELLER_CA_PROFILE)).status).toBe(200);

    sandbox.failAdsCalls({ status: 500, endpoint: "reportDownload", retryAfterSeconds: 2 });
    const failed = await fetch(report.url!);
    expect(failed.status).toBe(500);
    expect(failed.headers.get("retry-after")).toBe("2");
    expect(failed.headers.get("content-type")).toBe("application/xml");
    expect(await failed.text()).toContain("<Code>InternalError</Code>");
    expect((await fetch(report.url!)).status).toBe(200);
  });

  it("admin validation: unknown endpoints, relative paths and statuses are 400", async () => {
    const { url } = await startSandbox();
    for (const body of [
      { status: 503, endpoint: "campaigns" },
      { status: 503, path: "sp/campaigns/list" },
      { status: 404 },
      { status: 503, region: "us" },
    ]) {
      const res = await adminCall(url, "POST", "faults/ads", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBe("invalid_admin_request");
    }
  });
});

describe("latency and download faults", () => {
  it("adsMs delays every Ads endpoint; downloadMs delays the first byte of a download", async () => {
    const run = await startSandbox();
    const { base, url } = run;
    const { access_token } = await connect(base("na"), SELLER);
    const report = await completedReportUrl(run, access_token);
    const latency = await adminCall(url, "POST", "latency", { adsMs: 120, downloadMs: 200 });
    expect(latency.body).toEqual({ tokenMs: 0, adsMs: 120, downloadMs: 200 });
    let started = performance.now();
    await listCampaigns(base("na"), access_token, SELLER_CA_PROFILE);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    started = performance.now();
    await getReport(base("na"), access_token, SELLER_CA_PROFILE, report.reportId);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    started = performance.now();
    await (await fetch(report.url!)).arrayBuffer();
    const download = performance.now() - started;
    expect(download).toBeGreaterThanOrEqual(190);
  });

  it("download-abort cuts the next download after afterBytes: the client sees a short body", async () => {
    const run = await startSandbox();
    const { base, url, sandbox } = run;
    const { access_token } = await connect(base("na"), SELLER);
    sandbox.setReportSettings({ downloadBytes: 1_000_000 });
    const report = await completedReportUrl(run, access_token);
    const fault = await adminCall(url, "POST", "faults/download-abort", { afterBytes: 100_000 });
    expect(fault.body.downloadAborts).toEqual([{ afterBytes: 100_000, remaining: 1 }]);
    const cut = await fetch(report.url!);
    expect(cut.status).toBe(200);
    expect(cut.headers.get("content-length")).toBe("1000000");
    await expect(cut.arrayBuffer()).rejects.toThrow();
    const logged = sandbox.requests(1)[0]!;
    expect(logged).toMatchObject({ completed: false, responseBytes: 100_000, status: 200 });
    // The next download is whole.
    expect((await (await fetch(report.url!)).arrayBuffer()).byteLength).toBe(1_000_000);
  });
});
