import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  adminCall,
  adsHeaders,
  AGENCY,
  AGENCY_US_PROFILE,
  connect,
  createReport,
  CREATE_REPORT,
  getReport,
  reportRequest,
  SELLER,
  SELLER_CA_PROFILE,
  SELLER_US_PROFILE,
  startSandbox,
  VENDOR,
  type ReportAnswer,
} from "./support/sandbox";

type Row = Record<string, unknown>;

async function completedReport(options: { processingMs?: number; body?: unknown } = {}) {
  const running = await startSandbox();
  const { base, sandbox, clock } = running;
  sandbox.setReportSettings({ processingMs: options.processingMs ?? 2000 });
  const { access_token } = await connect(base("na"), SELLER);
  const created = await createReport(base("na"), access_token, SELLER_CA_PROFILE, options.body);
  expect(created.status).toBe(200);
  const { reportId } = (await created.json()) as ReportAnswer;
  clock.advance(options.processingMs ?? 2000);
  const report = (await (
    await getReport(base("na"), access_token, SELLER_CA_PROFILE, reportId)
  ).json()) as ReportAnswer;
  expect(report.status).toBe("COMPLETED");
  return { ...running, access_token, report };
}

describe("Reporting v3: create and status", () => {
  it("creates a report (PENDING), then PROCESSING, then COMPLETED with a pre-signed url", async () => {
    const { base, clock, url: origin } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    const created = await createReport(base("na"), access_token, SELLER_CA_PROFILE);
    expect(created.status).toBe(200);
    expect(created.headers.get("content-type")).toBe(
      "application/vnd.createasyncreportresponse.v3+json",
    );
    expect(created.headers.get("x-amzn-requestid")).toBeTruthy();
    const report = (await created.json()) as ReportAnswer;
    expect(report).toMatchObject({
      reportId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: "PENDING",
      name: "SP campaigns, first week",
      startDate: "2026-01-01",
      endDate: "2026-01-07",
      url: null,
      urlExpiresAt: null,
      fileSize: null,
      generatedAt: null,
      failureReason: null,
      configuration: {
        adProduct: "SPONSORED_PRODUCTS",
        reportTypeId: "spCampaigns",
        timeUnit: "DAILY",
        format: "GZIP_JSON",
        filters: null,
      },
    });

    const status = async () => {
      const res = await getReport(base("na"), access_token, SELLER_CA_PROFILE, report.reportId);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(
        "application/vnd.getasyncreportresponse.v3+json",
      );
      return (await res.json()) as ReportAnswer;
    };
    expect((await status()).status).toBe("PENDING");
    clock.advance(1000);
    expect((await status()).status).toBe("PROCESSING");
    clock.advance(1000);
    const done = await status();
    expect(done).toMatchObject({ status: "COMPLETED", fileSize: expect.any(Number) });
    expect(done.generatedAt).toBe(new Date(Date.parse(report.createdAt) + 2000).toISOString());
    const url = new URL(done.url!);
    expect(url.origin).toBe(origin);
    expect(url.pathname).toMatch(
      new RegExp(
        `^/na/__downloads/${report.reportId}-\\d+/report-${report.reportId}-\\d+\\.json\\.gz$`,
      ),
    );
    for (const name of [
      "X-Amz-Algorithm",
      "X-Amz-Date",
      "X-Amz-SignedHeaders",
      "X-Amz-Expires",
      "X-Amz-Credential",
      "X-Amz-Signature",
    ]) {
      expect(url.searchParams.get(name), name).toBeTruthy();
    }
    expect(url.searchParams.get("X-Amz-Expires")).toBe("3600");
    expect(Date.parse(done.urlExpiresAt!) - Date.parse(done.generatedAt!)).toBe(3600_000);
  });

  it("the download needs no Authorization, is a .json.gz whose gunzipped rows parse", async () => {
    const { report } = await completedReport();
    const res = await fetch(report.url!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(res.headers.get("server")).toBe("AmazonS3");
    expect(res.headers.get("x-amz-request-id")).toMatch(/^[0-9A-F]{16}$/);
    expect(res.headers.get("x-amzn-requestid")).toBeNull();
    const file = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get("content-length"))).toBe(file.length);
    expect(file.length).toBe(report.fileSize);
    expect([file[0], file[1]]).toEqual([0x1f, 0x8b]);
    const rows = JSON.parse(gunzipSync(file).toString("utf8")) as Row[];
    // Sam's CA profile: 12 campaigns × 7 days.
    expect(rows).toHaveLength(84);
    expect(Object.keys(rows[0]!)).toEqual([
      "date",
      "campaignId",
      "campaignName",
      "impressions",
      "clicks",
      "cost",
      "sales14d",
    ]);
    expect(rows[0]).toMatchObject({ date: "2026-01-01", campaignId: expect.any(Number) });
    expect(rows.at(-1)).toMatchObject({ date: "2026-01-07" });
    expect(new Set(rows.map((r) => r.campaignId)).size).toBe(12);
  });

  it("SUMMARY reports have one row per campaign with startDate and endDate", async () => {
    const body = reportRequest({
      configuration: {
        ...reportRequest().configuration,
        timeUnit: "SUMMARY",
        columns: ["startDate", "endDate", "campaignId", "campaignStatus", "cost", "roasClicks14d"],
      },
    });
    const { report } = await completedReport({ body });
    const rows = JSON.parse(
      gunzipSync(Buffer.from(await (await fetch(report.url!)).arrayBuffer())).toString(),
    ) as Row[];
    expect(rows).toHaveLength(12);
    expect(rows[0]).toMatchObject({ startDate: "2026-01-01", endDate: "2026-01-07" });
  });

  it("HEAD answers the headers of the file without a body", async () => {
    const { report } = await completedReport();
    const res = await fetch(report.url!, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("content-length"))).toBe(report.fileSize);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it("the download behaves like S3: Authorization next to a signed query, bad or expired signatures", async () => {
    const { report, access_token, clock } = await completedReport();
    const withAuth = await fetch(report.url!, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(withAuth.status).toBe(400);
    expect(withAuth.headers.get("content-type")).toBe("application/xml");
    const xml = await withAuth.text();
    expect(xml).toContain("<Code>InvalidArgument</Code>");
    expect(xml).toContain("Only one auth mechanism allowed");
    expect(xml).not.toContain(access_token);

    const tampered = new URL(report.url!);
    tampered.searchParams.set("X-Amz-Expires", "86400");
    const bad = await fetch(tampered);
    expect(bad.status).toBe(403);
    expect(await bad.text()).toContain("<Code>SignatureDoesNotMatch</Code>");

    const unsigned = new URL(report.url!);
    unsigned.search = "";
    const anonymous = await fetch(unsigned);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain("<Code>AccessDenied</Code>");

    clock.advance(3601_000);
    const expired = await fetch(report.url!);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("<Message>Request has expired</Message>");

    const put = await fetch(report.url!, { method: "PUT", body: "x" });
    expect(put.status).toBe(405);
  });

  it("each status call signs a fresh url; reset() forgets reports (NoSuchKey, then 404)", async () => {
    const { report, access_token, base, clock, sandbox } = await completedReport();
    clock.advance(5000);
    const again = (await (
      await getReport(base("na"), access_token, SELLER_CA_PROFILE, report.reportId)
    ).json()) as ReportAnswer;
    expect(again.url).not.toBe(report.url);
    expect((await fetch(again.url!)).status).toBe(200);
    sandbox.reset();
    const gone = await fetch(again.url!);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain("<Code>NoSuchKey</Code>");
    const { access_token: fresh } = await connect(base("na"), SELLER);
    const res = await getReport(base("na"), fresh, SELLER_CA_PROFILE, report.reportId);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      code: "404",
      detail: `Report ${report.reportId} not found`,
    });
  });

  it("a report belongs to its profile: another profile's scope gets 404", async () => {
    const { report, access_token, base } = await completedReport();
    const res = await getReport(base("na"), access_token, SELLER_US_PROFILE, report.reportId);
    expect(res.status).toBe(404);
  });

  it("answers 425 with the first report's id while an identical request is still running", async () => {
    const { base, clock } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    const first = (await (
      await createReport(base("na"), access_token, SELLER_CA_PROFILE)
    ).json()) as ReportAnswer;
    const duplicate = await createReport(base("na"), access_token, SELLER_CA_PROFILE, {
      ...reportRequest(),
      name: "another name, same report",
    });
    expect(duplicate.status).toBe(425);
    expect(await duplicate.json()).toEqual({
      code: "425",
      detail: `The Request is a duplicate of : ${first.reportId}`,
    });
    // Another profile, or other dates, are other reports.
    expect((await createReport(base("na"), access_token, SELLER_US_PROFILE)).status).toBe(200);
    expect(
      (
        await createReport(
          base("na"),
          access_token,
          SELLER_CA_PROFILE,
          reportRequest({ endDate: "2026-01-08" }),
        )
      ).status,
    ).toBe(200);
    clock.advance(2000);
    expect((await createReport(base("na"), access_token, SELLER_CA_PROFILE)).status).toBe(200);
  });

  it("validates the request with Reporting v3's { code, detail } errors", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    const config = reportRequest().configuration;
    const cases: [unknown, RegExp][] = [
      [{ ...reportRequest(), startDate: "01/01/2026" }, /startDate/],
      [reportRequest({ endDate: "2025-12-31" }), /endDate must not be before startDate/],
      [
        reportRequest({ startDate: "2025-12-01", endDate: "2026-01-07" }),
        /maximum date range .* 31 days/,
      ],
      [reportRequest({ startDate: "2025-09-01", endDate: "2025-09-02" }), /95 days/],
      [
        reportRequest({ configuration: { ...config, columns: ["date", "acosClicks7d", "cost"] } }),
        /^configuration columns include invalid values: \(acosClicks7d\)\. Allowed values: \(/,
      ],
      [
        reportRequest({ configuration: { ...config, timeUnit: "SUMMARY" } }),
        /columns include invalid values: \(date\)/,
      ],
      [
        reportRequest({ configuration: { ...config, reportTypeId: "spTargeting" } }),
        /reportTypeId/,
      ],
      [reportRequest({ configuration: { ...config, format: "CSV" } }), /format/],
      [reportRequest({ configuration: { ...config, groupBy: ["adGroup"] } }), /groupBy/],
      [{ startDate: "2026-01-01", endDate: "2026-01-02" }, /configuration/],
    ];
    for (const [body, detail] of cases) {
      const res = await createReport(base("na"), access_token, SELLER_CA_PROFILE, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const answer = (await res.json()) as { code: string; detail: string };
      expect(answer.code).toBe("400");
      expect(answer.detail).toMatch(detail);
    }
  });

  it("accepts its own media type or application/json (415 otherwise), POST and GET only", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    const json = await createReport(base("na"), access_token, SELLER_CA_PROFILE, reportRequest(), {
      "content-type": "application/json",
    });
    expect(json.status).toBe(200);
    const text = await createReport(base("na"), access_token, SELLER_US_PROFILE, reportRequest(), {
      "content-type": "text/plain",
    });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ code: "415" });
    const list = await fetch(`${base("na")}/reporting/reports`, {
      headers: adsHeaders(access_token, { "amazon-advertising-api-scope": SELLER_US_PROFILE }),
    });
    expect(list.status).toBe(405);
  });

  it("refuses missing headers, bad tokens and foreign scopes in the Reporting dialect", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), VENDOR);
    const noToken = await fetch(`${base("na")}/reporting/reports`, {
      method: "POST",
      headers: {
        "amazon-advertising-api-clientid": adsHeaders("x")["amazon-advertising-api-clientid"]!,
        "amazon-advertising-api-scope": SELLER_CA_PROFILE,
        "content-type": CREATE_REPORT,
      },
      body: JSON.stringify(reportRequest()),
    });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toEqual({ code: "401", detail: "HTTP 401 Unauthorized" });
    const foreign = await createReport(base("na"), access_token, SELLER_CA_PROFILE);
    expect(foreign.status).toBe(401);
    expect(await foreign.json()).toEqual({
      code: "401",
      detail: `Not authorized to access scope ${SELLER_CA_PROFILE}`,
    });
    const noScope = await fetch(`${base("na")}/reporting/reports/abc`, {
      headers: adsHeaders(access_token),
    });
    expect(noScope.status).toBe(401);
  });

  it("a report-failure fault ends the next report FAILED with a failureReason and no url", async () => {
    const { base, clock, url } = await startSandbox();
    await adminCall(url, "POST", "faults/report-failure", {
      failureReason: "Internal error (sandbox)",
    });
    const { access_token } = await connect(base("na"), SELLER);
    const { reportId } = (await (
      await createReport(base("na"), access_token, SELLER_CA_PROFILE)
    ).json()) as ReportAnswer;
    clock.advance(2000);
    const failed = (await (
      await getReport(base("na"), access_token, SELLER_CA_PROFILE, reportId)
    ).json()) as ReportAnswer;
    expect(failed).toMatchObject({
      status: "FAILED",
      failureReason: "Internal error (sandbox)",
      url: null,
      fileSize: null,
    });
  });

  it("a DSP (agency) profile's report has no rows", async () => {
    const { base, clock } = await startSandbox();
    const { access_token } = await connect(base("na"), AGENCY);
    const { reportId } = (await (
      await createReport(base("na"), access_token, AGENCY_US_PROFILE)
    ).json()) as ReportAnswer;
    clock.advance(2000);
    const report = (await (
      await getReport(base("na"), access_token, AGENCY_US_PROFILE, reportId)
    ).json()) as ReportAnswer;
    const rows = JSON.parse(
      gunzipSync(Buffer.from(await (await fetch(report.url!)).arrayBuffer())).toString(),
    );
    expect(rows).toEqual([]);
  });
});

describe("report sizes", () => {
  it("admin reports/settings: downloadBytes makes the file exactly that size, still valid JSON", async () => {
    const { base, clock, url } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    for (const size of [64, 65_540, 1_000_003, 3 * 1024 * 1024]) {
      const settings = await adminCall(url, "POST", "reports/settings", {
        downloadBytes: size,
        processingMs: 0,
      });
      expect(settings.body).toEqual({
        processingMs: 0,
        downloadBytes: size,
        urlLifetimeSeconds: 3600,
      });
      const created = (await (
        await createReport(
          base("na"),
          access_token,
          SELLER_CA_PROFILE,
          reportRequest({ name: `size ${size}` }),
        )
      ).json()) as ReportAnswer;
      // Even with no processing time, the create answer is PENDING, without a url.
      expect(created).toMatchObject({ status: "PENDING", url: null, fileSize: null });
      const { reportId } = created;
      const report = (await (
        await getReport(base("na"), access_token, SELLER_CA_PROFILE, reportId)
      ).json()) as ReportAnswer;
      expect(report.status).toBe("COMPLETED");
      expect(report.fileSize).toBe(size);
      const file = Buffer.from(await (await fetch(report.url!)).arrayBuffer());
      expect(file.length, String(size)).toBe(size);
      const rows = JSON.parse(gunzipSync(file).toString("utf8")) as Row[];
      expect(Array.isArray(rows)).toBe(true);
      if (size > 1_000_000) expect(rows.length).toBeGreaterThan(84);
      clock.advance(1);
    }
    expect((await adminCall(url, "POST", "reports/settings", { downloadBytes: 10 })).status).toBe(
      400,
    );
    expect(
      (await adminCall(url, "POST", "reports/settings", { downloadBytes: null })).body,
    ).toMatchObject({
      downloadBytes: null,
    });
    expect((await adminCall(url, "GET", "reports/settings")).body).toMatchObject({
      processingMs: 0,
    });
  });
});
