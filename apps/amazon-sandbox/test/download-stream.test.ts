import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import type { ReadableStream } from "node:stream/web";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createGunzip, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gzipStored, layoutForFileSize, MIN_FILE_BYTES } from "../src/gzip-stored";
import { reportContent, type ReportSpec } from "../src/report-content";
import { findUser } from "../src/seed";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "../src/server";
import { inheritedEnv } from "./env";
import { CREATE_REPORT, reportRequest, SELLER, SELLER_CA_PROFILE } from "./support/sandbox";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const MiB = 1024 * 1024;

const spec: ReportSpec = {
  profile: findUser(SELLER)!.profiles.find((p) => p.profileId.toString() === SELLER_CA_PROFILE)!,
  startDate: "2026-01-01",
  endDate: "2026-01-07",
  timeUnit: "DAILY",
  columns: ["date", "campaignId", "campaignName", "impressions", "cost"],
};

describe("the report file generator", () => {
  it("frames content of an exact file size as gzip, one chunk of at most 64 KiB + 5 per block", () => {
    for (const size of [MIN_FILE_BYTES, 64, 1000, 65_557, 65_558, 65_563, 131_098, 2 * MiB + 7]) {
      const layout = layoutForFileSize(size);
      const chunks = [...gzipStored(reportContent(spec, layout.contentBytes), layout)];
      expect(chunks).toHaveLength(layout.blocks + 2);
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(65_540);
      const file = Buffer.concat(chunks);
      expect(file.length, String(size)).toBe(size);
      const json = gunzipSync(file).toString("utf8");
      expect(Buffer.byteLength(json)).toBe(layout.contentBytes);
      expect(Array.isArray(JSON.parse(json))).toBe(true);
    }
    expect(() => layoutForFileSize(MIN_FILE_BYTES - 1)).toThrow(RangeError);
  });

  it("is lazy: a 1 GiB file's first chunks come without generating the rest", () => {
    const layout = layoutForFileSize(1024 * MiB);
    // Counts the report text drawn from the generator: laziness is how little was drawn.
    let drawn = 0;
    function* counted(pieces: Iterable<string>) {
      for (const piece of pieces) {
        drawn += piece.length;
        yield piece;
      }
    }
    const chunks = gzipStored(counted(reportContent(spec, layout.contentBytes)), layout);
    const first = [chunks.next().value!, chunks.next().value!, chunks.next().value!];
    expect(drawn).toBeGreaterThanOrEqual(2 * 65_535);
    expect(drawn).toBeLessThan(4 * 65_535);
    expect(first[0]!.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(first[1]!.length).toBe(65_540);
    chunks.return(undefined);
  });
});

/** Peak and current resident set size of a process, in bytes (Linux /proc). */
function memoryOf(pid: number): { peak: number; current: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)![1]) * 1024;
  return { peak: kib("VmHWM"), current: kib("VmRSS") };
}

describe.runIf(process.platform === "linux")(
  "a 50 MB report download from a sandbox process",
  () => {
    let child: ChildProcess;
    let origin: string;

    beforeAll(async () => {
      // V8 otherwise sizes its heap by the allocation rate, so a fast generator's short-lived
      // garbage shows up as RSS. A small young generation keeps RSS close to what is retained;
      // a sandbox holding the file would still grow by 50 MiB (Buffers) or die in 96 MiB (strings).
      const v8 = ["--max-semi-space-size=1", "--max-old-space-size=96"];
      child = spawn(process.execPath, [...v8, "--import", TSX, MAIN], {
        env: {
          ...inheritedEnv(),
          SANDBOX_PORT: "0",
          AMAZON_CLIENT_ID: "",
          AMAZON_CLIENT_SECRET: "",
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      origin = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout!.setEncoding("utf8");
        child.stdout!.on("data", (chunk: string) => {
          out += chunk;
          const match = /listening on (http:\/\/\S+)\n/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
      });
    }, 30_000);
    afterAll(() => {
      child?.kill("SIGTERM");
    });

    async function reportUrl(downloadBytes: number, name: string): Promise<string> {
      const admin = (path: string, body: unknown) =>
        fetch(`${origin}/__sandbox/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        }).then((r) => r.json() as Promise<Record<string, unknown>>);
      await admin("reports/settings", { downloadBytes, processingMs: 0 });
      const { grants } = (await admin("grants", { userId: SELLER })) as {
        grants: { refreshToken: string }[];
      };
      const token = (await (
        await fetch(`${origin}/na/auth/o2/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "refresh_token",
            refresh_token: grants[0]!.refreshToken,
            client_id: DEFAULT_CLIENT_ID,
            client_secret: DEFAULT_CLIENT_SECRET,
          }),
        })
      ).json()) as { access_token: string };
      const headers = {
        authorization: `Bearer ${token.access_token}`,
        "amazon-advertising-api-clientid": DEFAULT_CLIENT_ID,
        "amazon-advertising-api-scope": SELLER_CA_PROFILE,
      };
      const today = new Date().toISOString().slice(0, 10);
      const created = (await (
        await fetch(`${origin}/na/reporting/reports`, {
          method: "POST",
          headers: { ...headers, "content-type": CREATE_REPORT },
          body: JSON.stringify(reportRequest({ name, startDate: today, endDate: today })),
        })
      ).json()) as { reportId: string };
      const report = (await (
        await fetch(`${origin}/na/reporting/reports/${created.reportId}`, { headers })
      ).json()) as { status: string; url: string; fileSize: number };
      expect(report).toMatchObject({ status: "COMPLETED", fileSize: downloadBytes });
      return report.url;
    }

    /** Streams a download through gunzip; returns file bytes, JSON bytes and the JSON's ends. */
    async function streamDownload(url: string) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      let fileBytes = 0;
      let jsonBytes = 0;
      let head = "";
      let tail = "";
      const body = Readable.fromWeb(res.body as ReadableStream);
      body.on("data", (chunk: Buffer) => void (fileBytes += chunk.length));
      for await (const chunk of body.pipe(createGunzip()) as AsyncIterable<Buffer>) {
        if (jsonBytes === 0) head = chunk.subarray(0, 40).toString();
        jsonBytes += chunk.length;
        // The last gunzip chunk can be a few bytes of padding: keep the last KiB across chunks
        // (the padding is shorter than one row).
        tail = (tail + chunk.subarray(-1024).toString("latin1")).slice(-1024);
      }
      return {
        contentLength: Number(res.headers.get("content-length")),
        fileBytes,
        jsonBytes,
        head,
        tail,
      };
    }

    it("streams it: the sandbox's peak memory grows far less than the file", async () => {
      // Warm up: the code paths, a first download, buffers the process keeps anyway.
      await streamDownload(await reportUrl(2 * MiB, "warm-up"));
      const url = await reportUrl(50 * MiB, "fifty");
      const before = memoryOf(child.pid!);
      let highest = before.current;
      const sampler = setInterval(() => {
        highest = Math.max(highest, memoryOf(child.pid!).current);
      }, 10);
      const result = await streamDownload(url);
      clearInterval(sampler);
      const after = memoryOf(child.pid!);

      expect(result.contentLength).toBe(50 * MiB);
      expect(result.fileBytes).toBe(50 * MiB);
      expect(result.jsonBytes).toBeGreaterThan(49 * MiB);
      expect(result.head).toMatch(/^\[\{"date":"\d{4}-\d{2}-\d{2}"/);
      expect(result.tail).toMatch(/\}\s*\]$/);
      const growth = Math.max(after.peak - before.peak, highest - before.current);
      console.info(
        `50 MiB download: sandbox RSS ${(before.current / MiB).toFixed(0)} MiB before, peak growth ${(growth / MiB).toFixed(1)} MiB`,
      );
      expect(growth).toBeLessThan(24 * MiB);
    }, 120_000);
  },
);
