import { createHash, randomBytes } from "node:crypto";
import { afterEach } from "vitest";
import {
  createAmazonSandbox,
  type AmazonSandbox,
  type AmazonSandboxOptions,
} from "../../src/server";

export const REDIRECT_URI = "http://localhost:3000/api/amazon/callback";
export const CLIENT_ID = "amzn1.application-oa2-client.testclient";
export const CLIENT_SECRET = "test-client-secret-0123456789";
export const ADS_SCOPE = "advertising::campaign_management";

export const SELLER = "amzn1.account.AFSBXSELLER2REGIONS0000000001";
export const VENDOR = "amzn1.account.AFSBXVENDORNAFE00000000000002";
export const AGENCY = "amzn1.account.AFSBXAGENCYDSP000000000000003";
export const NOBODY = "amzn1.account.AFSBXNOPROFILES00000000000004";
export const AGENCY_US_PROFILE = "4400000000000000501";
export const AGENCY_UK_PROFILE = "4400000000000000503";
export const SELLER_US_PROFILE = "4400000000000000101";

export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function testClock(start = Date.UTC(2026, 0, 15, 12)): TestClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export interface Running {
  sandbox: AmazonSandbox;
  url: string;
  clock: TestClock;
  base(region: "na" | "eu" | "fe"): string;
}

const running: AmazonSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** A sandbox listening on a free port with a controllable clock; closed after each test. */
export async function startSandbox(options: AmazonSandboxOptions = {}): Promise<Running> {
  const clock = testClock();
  const sandbox = createAmazonSandbox({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    allowedRedirectUris: [REDIRECT_URI, "http://localhost:3000/other/callback"],
    clock,
    ...options,
  });
  running.push(sandbox);
  const { url } = await sandbox.listen(0);
  return { sandbox, url, clock, base: (region) => `${url}/${region}` };
}

export function pkcePair() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function authorizeUrl(
  base: string,
  params: Record<string, string | undefined> = {},
): string {
  const url = new URL(`${base}/ap/oa`);
  const all: Record<string, string | undefined> = {
    client_id: CLIENT_ID,
    scope: `${ADS_SCOPE} profile`,
    response_type: "code",
    redirect_uri: REDIRECT_URI,
    state: "state-123",
    ...params,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** GETs the consent page, submits it like a browser would, returns the redirect Location. */
export async function consent(
  base: string,
  options: {
    userId?: string;
    decision?: "allow" | "cancel";
    params?: Record<string, string | undefined>;
  } = {},
): Promise<URL> {
  const page = await fetch(authorizeUrl(base, options.params), { redirect: "manual" });
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}`);
  const html = await page.text();
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(m[1]!, unescapeHtml(m[2]!));
  }
  form.set("user", options.userId ?? SELLER);
  form.set("decision", options.decision ?? "allow");
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  const submitted = await fetch(new URL(action!, base), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form,
    redirect: "manual",
  });
  if (submitted.status !== 302)
    throw new Error(`consent submit answered ${submitted.status}: ${await submitted.text()}`);
  return new URL(submitted.headers.get("location")!);
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export function tokenCall(base: string, fields: Record<string, string>, init: RequestInit = {}) {
  return fetch(`${base}/auth/o2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded;charset=UTF-8" },
    body: new URLSearchParams(fields),
    ...init,
  });
}

export async function exchange(base: string, code: string, extra: Record<string, string> = {}) {
  return tokenCall(base, {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    ...extra,
  });
}

export function refresh(base: string, refreshToken: string, init: RequestInit = {}) {
  return tokenCall(
    base,
    {
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    },
    init,
  );
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

/** The whole dance for one seeded user: consent, then code exchange. */
export async function connect(
  base: string,
  userId = SELLER,
  scope = `${ADS_SCOPE} profile`,
): Promise<Tokens> {
  const location = await consent(base, { userId, params: { scope } });
  const response = await exchange(base, location.searchParams.get("code")!);
  if (response.status !== 200)
    throw new Error(`exchange answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Tokens;
}

export function adsHeaders(
  accessToken: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    authorization: `Bearer ${accessToken}`,
    "amazon-advertising-api-clientid": CLIENT_ID,
    ...extra,
  };
}

/** Profile ids from raw JSON text, read as digit strings (never as JS numbers). */
export function rawProfileIds(json: string): string[] {
  return [...json.matchAll(/"profileId":(\d+)/g)].map((m) => m[1]!);
}

export const SELLER_CA_PROFILE = "4400000000000000103";
export const SELLER_UK_PROFILE = "4400000000000000201";
export const VENDOR_US_PROFILE = "4400000000000000301";
export const SP_CAMPAIGN = "application/vnd.spCampaign.v3+json";
export const CREATE_REPORT = "application/vnd.createasyncreportrequest.v3+json";

/** `POST /sp/campaigns/list` with the SP v3 media type, scoped to `profileId`. */
export function listCampaigns(
  base: string,
  accessToken: string,
  profileId: string,
  body: unknown = {},
  headers: Record<string, string> = {},
) {
  return fetch(`${base}/sp/campaigns/list`, {
    method: "POST",
    headers: adsHeaders(accessToken, {
      "amazon-advertising-api-scope": profileId,
      "content-type": SP_CAMPAIGN,
      accept: SP_CAMPAIGN,
      ...headers,
    }),
    body: JSON.stringify(body),
  });
}

/** A valid spCampaigns report request over the test clock's first week of January 2026. */
export function reportRequest(overrides: Record<string, unknown> = {}) {
  return {
    name: "SP campaigns, first week",
    startDate: "2026-01-01",
    endDate: "2026-01-07",
    configuration: {
      adProduct: "SPONSORED_PRODUCTS",
      reportTypeId: "spCampaigns",
      groupBy: ["campaign"],
      columns: ["date", "campaignId", "campaignName", "impressions", "clicks", "cost", "sales14d"],
      timeUnit: "DAILY",
      format: "GZIP_JSON",
    },
    ...overrides,
  };
}

export function createReport(
  base: string,
  accessToken: string,
  profileId: string,
  body: unknown = reportRequest(),
  headers: Record<string, string> = {},
) {
  return fetch(`${base}/reporting/reports`, {
    method: "POST",
    headers: adsHeaders(accessToken, {
      "amazon-advertising-api-scope": profileId,
      "content-type": CREATE_REPORT,
      ...headers,
    }),
    body: JSON.stringify(body),
  });
}

export function getReport(base: string, accessToken: string, profileId: string, reportId: string) {
  return fetch(`${base}/reporting/reports/${reportId}`, {
    headers: adsHeaders(accessToken, { "amazon-advertising-api-scope": profileId }),
  });
}

export interface ReportAnswer {
  reportId: string;
  status: "PENDING" | "PROCESSING" | "COMPLETED" | "FAILED";
  url: string | null;
  urlExpiresAt: string | null;
  fileSize: number | null;
  failureReason: string | null;
  generatedAt: string | null;
  createdAt: string;
  updatedAt: string;
  configuration: Record<string, unknown>;
}

export async function adminCall(url: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}/__sandbox/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
