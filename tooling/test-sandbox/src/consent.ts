/**
 * Completes Login with Amazon's consent over plain HTTP, the way a browser would: GET the page,
 * submit its form for one seeded user with Allow or Cancel, and hand back the redirect.
 */
import { createHash, randomBytes } from "node:crypto";
import type { SandboxRegion } from "./types";

export interface ConsentDecision {
  /** A seeded user's id (see `admin.users()`). */
  userId: string;
  /** Default "allow". */
  decision?: "allow" | "cancel";
}

export interface ConsentResult {
  /** The redirect target, exactly as the sandbox sent it. */
  location: string;
  url: URL;
  code: string | undefined;
  state: string | undefined;
  scope: string | undefined;
  error: string | undefined;
  errorDescription: string | undefined;
}

export class ConsentPageError extends Error {
  constructor(
    readonly status: number,
    readonly html: string,
  ) {
    super(
      `amazon-sandbox consent page answered ${status}: ${/role="alert">([^<]*)</.exec(html)?.[1] ?? "no message"}`,
    );
  }
}

function result(location: string): ConsentResult {
  const url = new URL(location);
  const get = (name: string) => url.searchParams.get(name) ?? undefined;
  return {
    location,
    url,
    code: get("code"),
    state: get("state"),
    scope: get("scope"),
    error: get("error"),
    errorDescription: get("error_description"),
  };
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:-]+)="([^"]*)"/g))
    out[m[1]!.toLowerCase()] = decodeEntities(m[2]!);
  return out;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * Drives the consent page at `authorizeUrl` (e.g. the URL the product redirects a browser to).
 * If the sandbox redirects straight away (an OAuth error such as invalid_scope), that redirect is
 * returned; if it shows an error page (unknown client, return URL not allowed), ConsentPageError.
 */
export async function driveConsent(
  authorizeUrl: string,
  choice: ConsentDecision,
): Promise<ConsentResult> {
  const page = await fetch(authorizeUrl, { redirect: "manual" });
  const html = await page.text();
  if (page.status === 302) return result(page.headers.get("location")!);
  if (page.status !== 200) throw new ConsentPageError(page.status, html);

  const formTag = /<form\b[^>]*>/.exec(html)?.[0];
  if (!formTag) throw new ConsentPageError(page.status, html);
  const action = new URL(attributes(formTag).action ?? "", authorizeUrl);
  const form = new URLSearchParams();
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const a = attributes(tag);
    if (a.type === "hidden" && a.name) form.set(a.name, a.value ?? "");
  }
  form.set("user", choice.userId);
  form.set("decision", choice.decision ?? "allow");

  const submitted = await fetch(action, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    redirect: "manual",
  });
  const location = submitted.headers.get("location");
  if (submitted.status !== 302 || !location)
    throw new ConsentPageError(submitted.status, await submitted.text());
  return result(location);
}

export interface AuthorizeUrlOptions {
  clientId: string;
  redirectUri: string;
  /** Default "na". */
  region?: SandboxRegion;
  /** Default "advertising::campaign_management profile". */
  scope?: string;
  state?: string;
  codeChallenge?: string;
  /** Default: left out, which LwA reads as "plain". */
  codeChallengeMethod?: "S256" | "plain";
}

/** `/{region}/ap/oa?...` on a sandbox origin. */
export function authorizeUrl(origin: string, o: AuthorizeUrlOptions): string {
  const url = new URL(`${origin}/${o.region ?? "na"}/ap/oa`);
  url.searchParams.set("client_id", o.clientId);
  url.searchParams.set("scope", o.scope ?? "advertising::campaign_management profile");
  url.searchParams.set("response_type", "code");
  url.searchParams.set("redirect_uri", o.redirectUri);
  if (o.state !== undefined) url.searchParams.set("state", o.state);
  if (o.codeChallenge !== undefined) url.searchParams.set("code_challenge", o.codeChallenge);
  if (o.codeChallengeMethod !== undefined)
    url.searchParams.set("code_challenge_method", o.codeChallengeMethod);
  return url.toString();
}

/** A PKCE verifier and its S256 challenge. */
export function createPkce() {
  const verifier = randomBytes(32).toString("base64url");
  return {
    verifier,
    challenge: createHash("sha256").update(verifier).digest("base64url"),
    method: "S256" as const,
  };
}
