/**
 * Reporting v3: `POST /{region}/reporting/reports` (create), `GET /{region}/reporting/reports/{id}`
 * (status; COMPLETED after the configured processing time, then with a pre-signed `url`) and that
 * URL itself, `/{region}/__downloads/{key}/report-{key}.json.gz?X-Amz-…`, standing in for the S3
 * object Amazon points to: no Authorization header (S3 refuses one next to a signed query), S3's
 * XML errors, and the `.json.gz` streamed in 64 KiB chunks with its exact Content-Length, without
 * ever holding the file.
 */
import { createHash, randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { z } from "zod";
import { authenticateAds, jsonBody, mediaType, prelude, refuse, resolveScope } from "./ads-common";
import type { SandboxCore } from "./core";
import { delay, header, sendJson, type RequestContext } from "./http";
import { gzipStored, layoutForContent, layoutForFileSize, type StoredLayout } from "./gzip-stored";
import {
  naturalContentBytes,
  reportContent,
  SP_CAMPAIGNS_COLUMNS,
  type ReportSpec,
  type SpCampaignsColumn,
} from "./report-content";
import type { Region, SandboxProfile } from "./seed";
import type { AdsCall } from "./state";

export const CREATE_REPORT_MEDIA_TYPE = "application/vnd.createasyncreportrequest.v3+json";
const CREATE_RESPONSE_MEDIA_TYPE = "application/vnd.createasyncreportresponse.v3+json";
const GET_RESPONSE_MEDIA_TYPE = "application/vnd.getasyncreportresponse.v3+json";
/** spCampaigns: at most 31 days per report, data kept for 95 days (Amazon's reporting guide). */
const MAX_RANGE_DAYS = 31;
const RETENTION_DAYS = 95;
const DAY_MS = 86_400_000;
const MAX_REPORTS = 10_000;
const DEFAULT_FAILURE_REASON = "Report generation failed due to an internal error.";

export type ReportStatus = "PENDING" | "PROCESSING" | "COMPLETED" | "FAILED";

export interface ReportConfiguration {
  adProduct: "SPONSORED_PRODUCTS";
  reportTypeId: "spCampaigns";
  groupBy: string[];
  columns: SpCampaignsColumn[];
  timeUnit: "DAILY" | "SUMMARY";
  format: "GZIP_JSON";
  filters: { field: string; values: string[] }[] | null;
}

export interface ReportRecord {
  reportId: string;
  region: Region;
  profile: SandboxProfile;
  name: string | null;
  startDate: string;
  endDate: string;
  configuration: ReportConfiguration;
  /** Creation time, ms (sandbox clock). */
  createdAt: number;
  processingMs: number;
  /** Exact download size asked for by the admin API, or null for the natural size. */
  downloadBytes: number | null;
  urlLifetimeSeconds: number;
  /** Set when a report-failure fault hit this report: it ends FAILED. */
  failureReason: string | null;
  /** Same profile, dates and configuration: Amazon answers 425 while such a report is running. */
  fingerprint: string;
  /** Computed on first need. */
  layout?: StoredLayout;
}

const dateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");

const createSchema = z.object({
  name: z.string().max(256).optional(),
  startDate: dateString,
  endDate: dateString,
  configuration: z.object({
    adProduct: z.string(),
    reportTypeId: z.string(),
    groupBy: z.array(z.string()).min(1),
    columns: z.array(z.string()).min(1),
    timeUnit: z.string(),
    format: z.string(),
    filters: z
      .array(z.object({ field: z.string(), values: z.array(z.string()) }))
      .nullable()
      .optional(),
  }),
});

function status(record: ReportRecord, now: number): ReportStatus {
  const elapsed = now - record.createdAt;
  if (elapsed >= record.processingMs) return record.failureReason ? "FAILED" : "COMPLETED";
  return elapsed < record.processingMs / 2 ? "PENDING" : "PROCESSING";
}

function specOf(record: ReportRecord): ReportSpec {
  return {
    profile: record.profile,
    startDate: record.startDate,
    endDate: record.endDate,
    timeUnit: record.configuration.timeUnit,
    columns: record.configuration.columns,
  };
}

function layoutOf(record: ReportRecord): StoredLayout {
  record.layout ??=
    record.downloadBytes === null
      ? layoutForContent(naturalContentBytes(specOf(record)))
      : layoutForFileSize(record.downloadBytes);
  return record.layout;
}

/** The file's key, as Amazon's: `{reportId}-{creation ms}`. */
const keyOf = (record: ReportRecord) => `${record.reportId}-${record.createdAt}`;

/** `20221121T120227Z` */
function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

const S3_REGIONS: Record<Region, string> = { na: "us-east-1", eu: "eu-west-1", fe: "us-west-2" };

function signature(core: SandboxCore, region: Region, key: string, date: string, expires: string) {
  return core.codec.signDownload(`${region}\n${key}\n${date}\n${expires}`);
}

function origin(core: SandboxCore, ctx: RequestContext): string {
  return core.origin ?? `http://${header(ctx, "host") ?? "127.0.0.1"}`;
}

/** A freshly pre-signed URL for a completed report, and when it expires. */
function presign(core: SandboxCore, ctx: RequestContext, record: ReportRecord, now: number) {
  const key = keyOf(record);
  const date = amzDate(now);
  const expires = String(record.urlLifetimeSeconds);
  const stamp = date.slice(0, 8);
  const query = new URLSearchParams({
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Date": date,
    "X-Amz-SignedHeaders": "host",
    "X-Amz-Expires": expires,
    "X-Amz-Credential": `ASIASANDBOXREPORTS00/${stamp}/${S3_REGIONS[record.region]}/s3/aws4_request`,
    "X-Amz-Signature": signature(core, record.region, key, date, expires),
  });
  return {
    url: `${origin(core, ctx)}/${record.region}/__downloads/${key}/report-${key}.json.gz?${query}`,
    // Seconds precision, as the signed date.
    expiresAt: parseAmzDate(date)! + record.urlLifetimeSeconds * 1000,
  };
}

function describe(
  core: SandboxCore,
  ctx: RequestContext,
  record: ReportRecord,
  now: number,
  current: ReportStatus = status(record, now),
) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const generatedAt = record.createdAt + record.processingMs;
  const completed = current === "COMPLETED";
  const signed = completed ? presign(core, ctx, record, now) : undefined;
  return {
    configuration: record.configuration,
    createdAt: iso(record.createdAt),
    endDate: record.endDate,
    failureReason: current === "FAILED" ? record.failureReason : null,
    fileSize: completed ? layoutOf(record).fileBytes : null,
    generatedAt: completed ? iso(generatedAt) : null,
    name: record.name,
    reportId: record.reportId,
    startDate: record.startDate,
    status: current,
    updatedAt: iso(
      current === "PENDING"
        ? record.createdAt
        : current === "PROCESSING"
          ? record.createdAt + Math.floor(record.processingMs / 2)
          : generatedAt,
    ),
    url: signed?.url ?? null,
    urlExpiresAt: signed ? iso(signed.expiresAt) : null,
  };
}

/** Validation beyond the shape, with Amazon's wording where known; a message or undefined. */
function invalidConfiguration(
  input: z.infer<typeof createSchema>,
  now: number,
): string | undefined {
  const c = input.configuration;
  if (c.adProduct !== "SPONSORED_PRODUCTS") {
    return `configuration adProduct has an invalid value: ${c.adProduct}. Allowed values: (SPONSORED_PRODUCTS)`;
  }
  if (c.reportTypeId !== "spCampaigns") {
    return `configuration reportTypeId has an invalid value: ${c.reportTypeId}. Allowed values: (spCampaigns)`;
  }
  if (c.format !== "GZIP_JSON") {
    return `configuration format has an invalid value: ${c.format}. Allowed values: (GZIP_JSON)`;
  }
  if (c.timeUnit !== "DAILY" && c.timeUnit !== "SUMMARY") {
    return `configuration timeUnit has an invalid value: ${c.timeUnit}. Allowed values: (DAILY, SUMMARY)`;
  }
  const badGroup = c.groupBy.filter((g) => g !== "campaign");
  if (badGroup.length > 0) {
    return `configuration groupBy include invalid values: (${badGroup.join(", ")}). Allowed values: (campaign)`;
  }
  const known = new Set<string>(SP_CAMPAIGNS_COLUMNS);
  const badColumns = c.columns.filter(
    (col) =>
      !known.has(col) ||
      (c.timeUnit === "DAILY" && (col === "startDate" || col === "endDate")) ||
      (c.timeUnit === "SUMMARY" && col === "date"),
  );
  if (badColumns.length > 0) {
    const allowed = SP_CAMPAIGNS_COLUMNS.filter((col) =>
      c.timeUnit === "DAILY" ? col !== "startDate" && col !== "endDate" : col !== "date",
    );
    return `configuration columns include invalid values: (${badColumns.join(", ")}). Allowed values: (${allowed.join(", ")})`;
  }
  const start = Date.parse(input.startDate);
  const end = Date.parse(input.endDate);
  if (Number.isNaN(start) || Number.isNaN(end)) return "startDate and endDate must be valid dates";
  if (end < start) return "endDate must not be before startDate";
  if ((end - start) / DAY_MS + 1 > MAX_RANGE_DAYS) {
    return `The maximum date range for this report type is ${MAX_RANGE_DAYS} days`;
  }
  const today = Date.parse(new Date(now).toISOString().slice(0, 10));
  if (start < today - RETENTION_DAYS * DAY_MS) {
    return `startDate cannot be more than ${RETENTION_DAYS} days in the past`;
  }
  return undefined;
}

export async function handleCreateReport(
  core: SandboxCore,
  ctx: RequestContext,
  region: Region,
): Promise<void> {
  core.state.counters.reports.create += 1;
  const call = { endpoint: "reportCreate", region, path: "/reporting/reports" } as const;
  if (!(await prelude(core, ctx, call, "reporting", ["POST"]))) return;
  const claims = authenticateAds(core, ctx, "reporting");
  if (!claims) return;
  const profile = resolveScope(ctx, region, claims, "reporting");
  if (!profile) return;
  const type = mediaType(ctx);
  if (type !== CREATE_REPORT_MEDIA_TYPE && type !== "application/json") {
    return refuse(
      ctx,
      "reporting",
      415,
      "415",
      `Unsupported Content-Type ${type ?? "(none)"}; use ${CREATE_REPORT_MEDIA_TYPE}`,
    );
  }
  const raw = jsonBody(ctx, "reporting");
  if (raw === undefined) return;
  const parsed = createSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse(
      ctx,
      "reporting",
      400,
      "400",
      `${issue.path.join(".") || "body"} ${issue.message}`,
    );
  }
  const input = parsed.data;
  const now = core.config.clock.now();
  const invalid = invalidConfiguration(input, now);
  if (invalid) return refuse(ctx, "reporting", 400, "400", invalid);

  const configuration: ReportConfiguration = {
    adProduct: "SPONSORED_PRODUCTS",
    reportTypeId: "spCampaigns",
    groupBy: input.configuration.groupBy,
    columns: input.configuration.columns as SpCampaignsColumn[],
    timeUnit: input.configuration.timeUnit as "DAILY" | "SUMMARY",
    format: "GZIP_JSON",
    filters: input.configuration.filters ?? null,
  };
  const fingerprint = createHash("sha256")
    .update(
      JSON.stringify([
        region,
        profile.profileId.toString(),
        input.startDate,
        input.endDate,
        configuration,
      ]),
    )
    .digest("hex");
  for (const other of core.state.reports.values()) {
    const s = status(other, now);
    if (other.fingerprint === fingerprint && (s === "PENDING" || s === "PROCESSING")) {
      return refuse(
        ctx,
        "reporting",
        425,
        "425",
        `The Request is a duplicate of : ${other.reportId}`,
      );
    }
  }

  const settings = core.state.reportSettings;
  const failure = core.state.takeReportFailure();
  const record: ReportRecord = {
    reportId: randomUUID(),
    region,
    profile,
    name: input.name ?? null,
    startDate: input.startDate,
    endDate: input.endDate,
    configuration,
    createdAt: now,
    processingMs: settings.processingMs,
    downloadBytes: settings.downloadBytes,
    urlLifetimeSeconds: settings.urlLifetimeSeconds,
    failureReason: failure ? (failure.failureReason ?? DEFAULT_FAILURE_REASON) : null,
    fingerprint,
  };
  core.state.reports.set(record.reportId, record);
  // Keep the newest MAX_REPORTS (a long-running dev sandbox must not grow without bound).
  for (const id of core.state.reports.keys()) {
    if (core.state.reports.size <= MAX_REPORTS) break;
    core.state.reports.delete(id);
  }
  // Amazon answers the new report as PENDING whatever the processing time.
  sendJson(ctx, 200, describe(core, ctx, record, now, "PENDING"), {
    "content-type": CREATE_RESPONSE_MEDIA_TYPE,
  });
}

export async function handleGetReport(
  core: SandboxCore,
  ctx: RequestContext,
  region: Region,
  reportId: string,
): Promise<void> {
  core.state.counters.reports.status += 1;
  const call = {
    endpoint: "reportStatus",
    region,
    path: `/reporting/reports/${reportId}`,
  } as const;
  if (!(await prelude(core, ctx, call, "reporting", ["GET"]))) return;
  const claims = authenticateAds(core, ctx, "reporting");
  if (!claims) return;
  const profile = resolveScope(ctx, region, claims, "reporting");
  if (!profile) return;
  const record = core.state.reports.get(reportId);
  if (!record || record.region !== region || record.profile.profileId !== profile.profileId) {
    return refuse(ctx, "reporting", 404, "404", `Report ${reportId} not found`);
  }
  sendJson(ctx, 200, describe(core, ctx, record, core.config.clock.now()), {
    "content-type": GET_RESPONSE_MEDIA_TYPE,
  });
}

// ---------------------------------------------------------------------------------------------
// The download: S3 behaviour.

function s3Error(
  ctx: RequestContext,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): void {
  const fields = Object.entries({ Code: code, Message: message, ...extra })
    .map(([k, v]) => `<${k}>${v.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</${k}>`)
    .join("");
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${fields}<RequestId>${s3RequestId(ctx)}</RequestId><HostId>${hostId(ctx)}</HostId></Error>`;
  if (ctx.res.headersSent || ctx.res.destroyed) return;
  ctx.res.writeHead(status, {
    "content-type": "application/xml",
    "content-length": Buffer.byteLength(body),
    server: "AmazonS3",
  });
  ctx.res.end(ctx.req.method === "HEAD" ? undefined : body);
}

const s3RequestId = (ctx: RequestContext) =>
  ctx.requestId.replace(/-/g, "").slice(0, 16).toUpperCase();
const hostId = (ctx: RequestContext) =>
  createHash("sha256").update(ctx.requestId).digest("base64").slice(0, 56);

const S3_FAULT_CODES: Record<number, [string, string]> = {
  429: ["SlowDown", "Please reduce your request rate."],
  500: ["InternalError", "We encountered an internal error. Please try again."],
  502: ["ServiceUnavailable", "Service is unable to handle request."],
  503: ["SlowDown", "Please reduce your request rate."],
  504: ["ServiceUnavailable", "Service is unable to handle request."],
};

/** Resolves once the response may take more data, or false if the connection went away. */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}

export async function handleDownload(
  core: SandboxCore,
  ctx: RequestContext,
  region: Region,
  path: string,
): Promise<void> {
  core.state.counters.reports.download += 1;
  const { res } = ctx;
  // S3 answers with its own request ids, not the Ads API's.
  res.removeHeader("x-amzn-RequestId");
  res.setHeader("x-amz-request-id", s3RequestId(ctx));
  res.setHeader("x-amz-id-2", hostId(ctx));
  if (ctx.logged) ctx.logged.requestId = s3RequestId(ctx);

  const call: AdsCall = { endpoint: "reportDownload", region, path };
  await delay(core.state.latency.downloadMs, core.timers);
  const fault = core.state.takeAdsFailure(call);
  if (fault) {
    const [code, message] = S3_FAULT_CODES[fault.status] ?? ["InternalError", "Error"];
    if (fault.retryAfterSeconds !== undefined)
      res.setHeader("retry-after", fault.retryAfterSeconds);
    return s3Error(ctx, fault.status, code, message);
  }
  const method = ctx.req.method ?? "";
  if (method !== "GET" && method !== "HEAD") {
    return s3Error(
      ctx,
      405,
      "MethodNotAllowed",
      "The specified method is not allowed against this resource.",
      {
        Method: method,
        ResourceType: "OBJECT",
      },
    );
  }

  const query = ctx.url.searchParams;
  const given = query.get("X-Amz-Signature");
  if (header(ctx, "authorization") !== undefined && query.has("X-Amz-Algorithm")) {
    return s3Error(
      ctx,
      400,
      "InvalidArgument",
      "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
      { ArgumentName: "Authorization", ArgumentValue: "Bearer [redacted]" },
    );
  }
  const match = /^\/__downloads\/([^/]+)\/report-([^/]+)\.json\.gz$/.exec(path);
  const date = query.get("X-Amz-Date") ?? "";
  const expires = query.get("X-Amz-Expires") ?? "";
  if (
    !given ||
    !match ||
    match[1] !== match[2] ||
    query.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256"
  ) {
    return s3Error(ctx, 403, "AccessDenied", "Access Denied");
  }
  const key = match[1]!;
  if (given !== signature(core, region, key, date, expires)) {
    return s3Error(
      ctx,
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    );
  }
  const now = core.config.clock.now();
  const signedAt = parseAmzDate(date) ?? 0;
  if (now > signedAt + Number(expires) * 1000) {
    return s3Error(ctx, 403, "AccessDenied", "Request has expired", {
      "X-Amz-Expires": expires,
      Expires: new Date(signedAt + Number(expires) * 1000).toISOString(),
      ServerTime: new Date(now).toISOString(),
    });
  }
  const reportId = key.slice(0, 36);
  const record = core.state.reports.get(reportId);
  if (
    !record ||
    record.region !== region ||
    keyOf(record) !== key ||
    status(record, now) !== "COMPLETED"
  ) {
    return s3Error(ctx, 404, "NoSuchKey", "The specified key does not exist.", {
      Key: `${key}/report-${key}.json.gz`,
    });
  }

  const layout = layoutOf(record);
  const generatedAt = record.createdAt + record.processingMs;
  res.writeHead(200, {
    // S3 serves what the uploader stored; Amazon's choice is not documented (README).
    "content-type": "application/octet-stream",
    "content-length": layout.fileBytes,
    etag: `"${createHash("md5").update(key).digest("hex")}-${Math.max(1, Math.ceil(layout.fileBytes / (8 * 1024 * 1024)))}"`,
    "last-modified": new Date(generatedAt).toUTCString(),
    server: "AmazonS3",
  });
  if (method === "HEAD") {
    res.end();
    return;
  }

  const abort = core.state.takeDownloadAbort();
  const cutAt = abort ? (abort.afterBytes ?? 0) : Infinity;
  let sent = 0;
  const content =
    record.downloadBytes === null
      ? reportContent(specOf(record))
      : reportContent(specOf(record), layout.contentBytes);
  for (const chunk of gzipStored(content, layout)) {
    if (res.destroyed) return;
    if (sent + chunk.length > cutAt) {
      // Send the headers and the first `afterBytes`, then close the connection: the client gets
      // a body shorter than its Content-Length.
      const part = chunk.subarray(0, cutAt - sent);
      const cut = () => {
        const socket = res.socket;
        if (socket) socket.end(() => socket.destroy());
        else res.destroy();
      };
      res.flushHeaders();
      if (part.length > 0) res.write(part, cut);
      else cut();
      return;
    }
    sent += chunk.length;
    if (!res.write(chunk) && !(await drained(res))) return;
  }
  res.end();
}
