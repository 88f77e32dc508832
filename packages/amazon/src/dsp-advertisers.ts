/** GET /dsp/advertisers for one DSP entity (an agency profile), every page. */
import { z } from "zod";
import { adsGet } from "./ads-request";
import type { ClientContext } from "./config";
import { AMAZON_PATHS, resolveEndpoints } from "./endpoints";
import { AmazonError } from "./errors";
import { parseJsonKeepingIntegers } from "./json-bigint-safe";
import { parseBody } from "./parse-body";
import type { AmazonRegion } from "./regions";

export interface AmazonDspAdvertiser {
  advertiserId: string;
  name: string;
  currency: string | null;
  country: string | null;
  timezone: string | null;
  url: string | null;
}

/** Amazon's largest page. */
export const DSP_PAGE_SIZE = 100;
/**
 * 100,000 advertisers: far beyond any real agency, low enough that a server which keeps
 * answering full pages cannot keep a worker busy forever.
 */
export const DSP_MAX_PAGES = 1000;

const Page = z.object({
  totalResults: z.number().int().nonnegative().optional(),
  response: z.array(
    z.object({
      advertiserId: z.string().min(1),
      name: z.string(),
      currency: z.string().nullish(),
      country: z.string().nullish(),
      timezone: z.string().nullish(),
      url: z.string().nullish(),
    }),
  ),
});

// advertiserId is documented as a numeric string; should it ever come as a bare number it must
// not lose digits either.
const EXACT_INTEGER_KEYS: ReadonlySet<string> = new Set(["advertiserId"]);

export async function listDspAdvertisers(
  ctx: ClientContext,
  input: { accessToken: string; region: AmazonRegion; profileId: string },
): Promise<AmazonDspAdvertiser[]> {
  const operation = `Amazon Ads GET /dsp/advertisers (${input.region}, profile ${safeProfileId(input.profileId)})`;
  if (!/^\d{1,20}$/.test(input.profileId)) {
    throw new AmazonError({
      amazonKind: "bad_request",
      message: `${operation}: a profile id is decimal digits; nothing was sent.`,
    });
  }
  const base =
    resolveEndpoints(input.region, ctx.baseUrlTemplate).adsApiUrl + AMAZON_PATHS.dspAdvertisers;
  const found = new Map<string, AmazonDspAdvertiser>();
  let startIndex = 0;
  for (let page = 0; page < DSP_MAX_PAGES; page += 1) {
    const url = `${base}?startIndex=${startIndex}&count=${DSP_PAGE_SIZE}`;
    const res = await adsGet(ctx, {
      url,
      accessToken: input.accessToken,
      headers: {
        "amazon-advertising-api-clientid": ctx.clientId,
        "amazon-advertising-api-scope": input.profileId,
      },
      operation,
    });
    const body = parseBody(res, operation, Page, (text) =>
      parseJsonKeepingIntegers(text, EXACT_INTEGER_KEYS),
    );
    const before = found.size;
    for (const a of body.response) {
      if (found.has(a.advertiserId)) continue;
      found.set(a.advertiserId, {
        advertiserId: a.advertiserId,
        name: a.name,
        currency: a.currency ?? null,
        country: a.country ?? null,
        timezone: a.timezone ?? null,
        url: a.url ?? null,
      });
    }
    startIndex += body.response.length;
    // Stop at the end, and also on answers that would otherwise loop: an empty page, or a page
    // with nothing new (a server ignoring startIndex).
    if (body.response.length === 0 || found.size === before) break;
    const done =
      body.totalResults === undefined
        ? body.response.length < DSP_PAGE_SIZE
        : startIndex >= body.totalResults;
    if (done) break;
  }
  return [...found.values()];
}

/** The profile id as it may appear in a message (it is caller input, so kept short and plain). */
function safeProfileId(profileId: string): string {
  return /^\d{1,20}$/.test(profileId) ? profileId : "(invalid)";
}
