/**
 * Sponsored Products v3 `POST /{region}/sp/campaigns/list`: profile-scoped, JSON body of optional
 * filters, `maxResults`/`nextToken` pagination, request and response media type
 * `application/vnd.spCampaign.v3+json`. Errors are SP v3's `{ code, message }`.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { authenticateAds, jsonBody, mediaType, prelude, refuse, resolveScope } from "./ads-common";
import { campaignsOf, type SpCampaign } from "./campaigns";
import type { SandboxCore } from "./core";
import { sendJson, type RequestContext } from "./http";
import type { Region } from "./seed";

export const SP_CAMPAIGN_MEDIA_TYPE = "application/vnd.spCampaign.v3+json";
/** Amazon: "Defaults to max page size for given API"; the sandbox's max (unconfirmed) is 1000. */
export const SP_MAX_PAGE_SIZE = 1000;

const idFilter = z.object({
  include: z.array(z.string().regex(/^\d+$/, "must be an id")).max(1000),
});

const listSchema = z.object({
  campaignIdFilter: idFilter.optional(),
  portfolioIdFilter: idFilter.optional(),
  stateFilter: z
    .object({ include: z.array(z.enum(["ENABLED", "PAUSED", "ARCHIVED"])).min(1) })
    .optional(),
  nameFilter: z
    .object({
      queryTermMatchType: z.enum(["BROAD_MATCH", "EXACT_MATCH"]).optional(),
      include: z.array(z.string()).optional(),
    })
    .optional(),
  maxResults: z.number().int().min(1).max(SP_MAX_PAGE_SIZE).optional(),
  nextToken: z.string().min(1).optional(),
  includeExtendedDataFields: z.boolean().optional(),
});

type ListRequest = z.infer<typeof listSchema>;

/** Ties a nextToken to the profile and filters it was issued for. */
function fingerprint(profileId: string, request: ListRequest): string {
  const { maxResults: _m, nextToken: _n, includeExtendedDataFields: _e, ...filters } = request;
  return createHash("sha256")
    .update(profileId)
    .update(JSON.stringify(filters))
    .digest("base64url")
    .slice(0, 16);
}

function encodeToken(offset: number, print: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: print })).toString("base64url");
}

function decodeToken(token: string, print: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
    if (!parsed || typeof parsed !== "object") return undefined;
    const { o, f } = parsed as { o?: unknown; f?: unknown };
    return typeof o === "number" && Number.isInteger(o) && o > 0 && f === print ? o : undefined;
  } catch {
    return undefined;
  }
}

function matches(c: SpCampaign, request: ListRequest): boolean {
  const { campaignIdFilter, portfolioIdFilter, stateFilter, nameFilter } = request;
  if (campaignIdFilter && !campaignIdFilter.include.includes(c.campaignId)) return false;
  if (portfolioIdFilter && !portfolioIdFilter.include.includes(c.portfolioId ?? "")) return false;
  if (stateFilter && !stateFilter.include.includes(c.state)) return false;
  if (nameFilter?.include && nameFilter.include.length > 0) {
    const exact = nameFilter.queryTermMatchType === "EXACT_MATCH";
    const name = c.name.toLowerCase();
    const hit = nameFilter.include.some((term) =>
      exact ? c.name === term : name.includes(term.toLowerCase()),
    );
    if (!hit) return false;
  }
  return true;
}

export async function handleSpCampaignsList(
  core: SandboxCore,
  ctx: RequestContext,
  region: Region,
): Promise<void> {
  core.state.counters.spCampaigns += 1;
  const call = { endpoint: "spCampaigns", region, path: "/sp/campaigns/list" } as const;
  if (!(await prelude(core, ctx, call, "sp", ["POST"]))) return;
  const claims = authenticateAds(core, ctx, "sp");
  if (!claims) return;
  const profile = resolveScope(ctx, region, claims, "sp");
  if (!profile) return;
  if (mediaType(ctx) !== SP_CAMPAIGN_MEDIA_TYPE.toLowerCase()) {
    return refuse(
      ctx,
      "sp",
      415,
      "415",
      `Unsupported Content-Type ${mediaType(ctx) ?? "(none)"}; use ${SP_CAMPAIGN_MEDIA_TYPE}`,
    );
  }
  const raw = jsonBody(ctx, "sp");
  if (raw === undefined) return;
  const parsed = listSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse(ctx, "sp", 400, "400", `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  const request = parsed.data;
  const profileId = profile.profileId.toString();
  const print = fingerprint(profileId, request);
  let offset = 0;
  if (request.nextToken !== undefined) {
    const decoded = decodeToken(request.nextToken, print);
    if (decoded === undefined) return refuse(ctx, "sp", 400, "400", "Invalid nextToken");
    offset = decoded;
  }
  const all = campaignsOf(profile).filter((c) => matches(c, request));
  const size = request.maxResults ?? SP_MAX_PAGE_SIZE;
  const page = all
    .slice(offset, offset + size)
    .map(({ extendedData, ...c }) =>
      request.includeExtendedDataFields ? { ...c, extendedData } : c,
    );
  const next = offset + size < all.length ? encodeToken(offset + size, print) : undefined;
  sendJson(
    ctx,
    200,
    { totalResults: all.length, campaigns: page, ...(next ? { nextToken: next } : {}) },
    { "content-type": SP_CAMPAIGN_MEDIA_TYPE },
  );
}
