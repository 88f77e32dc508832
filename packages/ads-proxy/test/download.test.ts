import { gunzipSync } from "node:zlib";

import { createAmazonClient } from "@adsconnect/amazon";
import type { TestActor } from "@adsconnect/api/testing";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { downloadPolicyOf } from "../src/download";
import { retryAfterMs } from "../src/retry";
import { startChildProxy } from "./support/child-proxy";
import { SELLER_US_PROFILE, startHarness, type Harness, type ServedProxy } from "./support/harness";
import { completedReport } from "./support/reports";

let h: Harness;
let proxy: ServedProxy;
let owner: TestActor;
let accountId: string;
let base: string;
beforeAll(async () => {
  h = await startHarness(testDatabaseUrl());
  proxy = await h.serve();
  owner = await h.actor();
  accountId = (await h.account(owner)).id;
  base = `${proxy.origin}/ads/${accountId}/na`;
  await h.sandbox.admin.setReportSettings({ processingMs: 0 });
});
afterAll(() => h.close());
afterEach(async () => {
  await h.sandbox.admin.clearFaults();
  await h.sandbox.admin.clearRequests();
  await h.sandbox.admin.setReportSettings({ processingMs: 0, downloadBytes: null });
});

const auth = () => ({ authorization: `Bearer ${owner.apiKey}` });
const downloadUrl = (url: string, origin = base) =>
  `${origin}/__download?url=${encodeURIComponent(url)}`;

describe("report downloads through the proxy", () => {
  it("streams Amazon's report file with S3's headers, never sending Authorization or Amazon headers", async () => {
    const report = await completedReport(base, owner.apiKey, SELLER_US_PROFILE);
    await h.sandbox.admin.clearRequests();
    h.clearLogs();
    const response = await fetch(downloadUrl(report.url), { headers: auth() });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(report.fileSize));
    expect(response.headers.get("server")).toBe("AmazonS3");
    expect(response.headers.get("etag")).toBeTruthy();
    expect(response.headers.get("x-amz-request-id")).toBeTruthy();
    const file = Buffer.from(await response.arrayBuffer());
    expect(file.length).toBe(report.fileSize);
    const rows = JSON.parse(gunzipSync(file).toString()) as { campaignId: number }[];
    expect(rows.length).toBeGreaterThan(0);

    const [seen] = await h.sandbox.admin.requests();
    expect(seen).toMatchObject({
      endpoint: "reportDownload",
      authorization: "absent",
      amazonHeaders: {},
      status: 200,
      completed: true,
    });
    const line = h.logs().find((l) => l.msg === "ads proxy request")!;
    expect(line).toMatchObject({ path: "/__download", status: 200, accountId });
    expect(line.downloadHost).toBe(new URL(h.sandbox.origin).host);
    // The pre-signed query is a credential: never logged.
    expect(h.logText()).not.toContain("X-Amz-Signature");
    expect(h.logText()).not.toContain(new URL(report.url).searchParams.get("X-Amz-Signature")!);
  });

  it("answers HEAD with the file's headers and no body", async () => {
    const report = await completedReport(base, owner.apiKey, SELLER_US_PROFILE, "head");
    const response = await fetch(downloadUrl(report.url), { method: "HEAD", headers: auth() });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(report.fileSize));
  });

  it("passes S3's refusal of a tampered signature through", async () => {
    const report = await completedReport(base, owner.apiKey, SELLER_US_PROFILE, "tampered");
    const url = new URL(report.url);
    url.searchParams.set("X-Amz-Signature", "0".repeat(64));
    const response = await fetch(downloadUrl(url.toString()), { headers: auth() });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("SignatureDoesNotMatch");
    expect(response.headers.get("x-adsconnect-error")).toBeNull();
  });

  it("refuses every URL that is not a report file of the configured Amazon, without fetching it", async () => {
    const report = await completedReport(base, owner.apiKey, SELLER_US_PROFILE, "refusals");
    await h.sandbox.admin.clearRequests();
    const sandbox = new URL(h.sandbox.origin);
    const file = new URL(report.url);
    const wrongPort = new URL(report.url);
    wrongPort.port = String(Number(sandbox.port) === 1 ? 2 : 1);
    const targets = [
      `${base}/__download`,
      `${base}/__download?url=${encodeURIComponent(report.url)}&url=${encodeURIComponent(report.url)}`,
      downloadUrl("not a url"),
      downloadUrl(wrongPort.toString()),
      downloadUrl(`${h.sandbox.origin}/na/v2/profiles`),
      downloadUrl(`${h.sandbox.origin}/__sandbox/reset`),
      downloadUrl(`${h.sandbox.origin}/na/__downloads/../v2/profiles`),
      downloadUrl(`${h.sandbox.origin}/na/__downloads/%2e%2e/v2/profiles`),
      downloadUrl(`http://user:pass@${sandbox.host}${file.pathname}${file.search}`),
      downloadUrl(`http://localhost:${sandbox.port}${file.pathname}${file.search}`),
      downloadUrl(
        `https://offline-report-storage-us-east-1-prod.s3.amazonaws.com${file.pathname}${file.search}`,
      ),
      downloadUrl(`file:///etc/passwd`),
    ];
    for (const target of targets) {
      const response = await fetch(target, { headers: auth() });
      expect(response.status, target).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid_download_url");
      expect(body.error.message).not.toContain("X-Amz");
    }
    const post = await fetch(downloadUrl(report.url), { method: "POST", headers: auth() });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect(await h.sandbox.admin.requests()).toEqual([]);
  });

  it("cuts the caller's connection when Amazon's side breaks off mid-file", async () => {
    await h.sandbox.admin.setReportSettings({ downloadBytes: 4 * 1024 * 1024 });
    const report = await completedReport(base, owner.apiKey, SELLER_US_PROFILE, "cut");
    await h.sandbox.admin.abortDownloads({ afterBytes: 1024 * 1024 });
    h.clearLogs();
    const response = await fetch(downloadUrl(report.url), { headers: auth() });
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
    await expect
      .poll(() => h.logs().find((l) => l.msg === "ads proxy request"))
      .toMatchObject({
        status: 200,
        incomplete: true,
      });
  });

  it("stops fetching the file when the caller leaves mid-download, and carries on", async () => {
    await h.sandbox.admin.setReportSettings({ downloadBytes: 8 * 1024 * 1024 });
    const report = await completedReport(base, owner.apiKey, SELLER_US_PROFILE, "left");
    await h.sandbox.admin.clearRequests();
    h.clearLogs();
    const leaving = new AbortController();
    const response = await fetch(downloadUrl(report.url), {
      headers: auth(),
      signal: leaving.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    leaving.abort();
    await expect
      .poll(() => h.logs().find((l) => l.msg === "ads proxy request"))
      .toMatchObject({
        status: 499,
        clientClosed: true,
      });
    await expect
      .poll(async () => (await h.sandbox.admin.requests()).at(-1))
      .toMatchObject({ endpoint: "reportDownload", completed: false });
    const again = await fetch(`${base}/v2/profiles`, { headers: auth() });
    expect(again.status).toBe(200);
  });

  it("streams a 50 MB report: the proxy process's memory grows by less than 20 MB", async () => {
    // As apps/api runs it: with --expose-gc, so the proxy can have V8 free streamed buffers early.
    const child = await startChildProxy(h.env, ["--expose-gc"]);
    try {
      const childBase = `${child.origin}/ads/${accountId}/na`;
      // Warm up the proxy's code paths with a small file first.
      const small = await completedReport(childBase, owner.apiKey, SELLER_US_PROFILE, "warm");
      await (await fetch(downloadUrl(small.url, childBase), { headers: auth() })).arrayBuffer();

      const size = 50 * 1024 * 1024;
      await h.sandbox.admin.setReportSettings({ downloadBytes: size });
      const report = await completedReport(childBase, owner.apiKey, SELLER_US_PROFILE, "50 MB");
      expect(report.fileSize).toBe(size);
      const before = child.rss();
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, child.rss())), 5);
      let received = 0;
      try {
        const response = await fetch(downloadUrl(report.url, childBase), { headers: auth() });
        expect(response.status).toBe(200);
        for await (const chunk of response.body!) received += chunk.length;
      } finally {
        clearInterval(sampler);
      }
      peak = Math.max(peak, child.rss());
      expect(received).toBe(size);
      const growth = peak - before;
      console.log(
        `50 MB download through the proxy: its RSS ${(before / 2 ** 20).toFixed(1)} MiB before, peak ${(peak / 2 ** 20).toFixed(1)} MiB (+${(growth / 2 ** 20).toFixed(1)} MiB)`,
      );
      expect(growth).toBeLessThan(20 * 1024 * 1024);
    } finally {
      await child.stop();
    }
  });
});

describe("the download policy with Amazon's real hosts", () => {
  const allowed = downloadPolicyOf(
    createAmazonClient({ clientId: "id", clientSecret: "secret", redirectUri: "https://x/cb" }),
  );
  const key = "/0c1b-1744207175192/report-0c1b-1744207175192.json.gz?X-Amz-Signature=abc";

  it.each([
    `https://offline-report-storage-us-east-1-prod.s3.amazonaws.com${key}`,
    `https://offline-report-storage-eu-west-1-prod.s3.eu-west-1.amazonaws.com${key}`,
    `https://offline-report-storage-us-west-2-prod.s3.us-west-2.amazonaws.com${key}`,
  ])("allows %s", (url) => expect(allowed(new URL(url))).toBe(true));

  it.each([
    `http://offline-report-storage-us-east-1-prod.s3.amazonaws.com${key}`,
    `https://offline-report-storage-us-east-1-prod.s3.amazonaws.com:8443${key}`,
    `https://offline-report-storage-us-east-1-prod.s3.amazonaws.com.evil.example${key}`,
    `https://evil.s3.amazonaws.com${key}`,
    `https://offline-report-storage-attacker-prod.s3.amazonaws.com${key}`,
    `https://a:b@offline-report-storage-us-east-1-prod.s3.amazonaws.com${key}`,
    `https://advertising-api.amazon.com/v2/profiles`,
    `http://127.0.0.1:4599/na/__downloads/x/report-x.json.gz`,
    `http://169.254.169.254/latest/meta-data/`,
  ])("refuses %s", (url) => expect(allowed(new URL(url))).toBe(false));
});

describe("Retry-After", () => {
  it("reads delay-seconds and HTTP dates", () => {
    const now = Date.parse("2026-05-01T00:00:00Z");
    expect(retryAfterMs("3", now)).toBe(3000);
    expect(retryAfterMs(" 0 ", now)).toBe(0);
    expect(retryAfterMs("Fri, 01 May 2026 00:00:02 GMT", now)).toBe(2000);
    expect(retryAfterMs("Thu, 30 Apr 2026 23:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });
});
