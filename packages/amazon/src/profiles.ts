/** GET /v2/profiles on one region's Ads API host. */
import { z } from "zod";
import { adsGet } from "./ads-request";
import type { ClientContext } from "./config";
import { AMAZON_PATHS, resolveEndpoints } from "./endpoints";
import { parseJsonKeepingIntegers } from "./json-bigint-safe";
import { parseBody } from "./parse-body";
import type { AmazonRegion } from "./regions";

export type AmazonAccountType = "seller" | "vendor" | "agency";

export interface AmazonProfile {
  /** 64-bit, as exact decimal digits — never a JS number. */
  profileId: string;
  /** The host it was found on. */
  region: AmazonRegion;
  countryCode: string;
  currencyCode: string;
  timezone: string;
  marketplaceStringId: string;
  accountInfo: {
    id: string;
    type: AmazonAccountType;
    name: string | null;
    subType: string | null;
    validPaymentMethod: boolean | null;
  };
}

const INT64_MAX = (1n << 63n) - 1n;

/**
 * Whether a profile id fits a signed 64-bit integer (what Amazon documents, and what a BIGINT
 * column holds). The listing keeps every id exactly as sent; callers that store ids check here.
 */
export function isStorableProfileId(profileId: string): boolean {
  return /^\d{1,20}$/.test(profileId) && BigInt(profileId) <= INT64_MAX;
}

const ACCOUNT_TYPES: ReadonlySet<string> = new Set<AmazonAccountType>([
  "seller",
  "vendor",
  "agency",
]);

const Profile = z.object({
  profileId: z.string().regex(/^\d+$/),
  countryCode: z.string(),
  currencyCode: z.string(),
  timezone: z.string(),
  accountInfo: z.object({
    marketplaceStringId: z.string(),
    id: z.string(),
    type: z.string(),
    name: z.string().nullish(),
    subType: z.string().nullish(),
    validPaymentMethod: z.boolean().nullish(),
  }),
});

/** profileId is int64 and written as a bare number; `id` is quoted too in case it ever is one. */
const EXACT_INTEGER_KEYS: ReadonlySet<string> = new Set(["profileId", "id"]);

export async function listProfiles(
  ctx: ClientContext,
  input: { accessToken: string; region: AmazonRegion },
): Promise<AmazonProfile[]> {
  const url = resolveEndpoints(input.region, ctx.baseUrlTemplate).adsApiUrl + AMAZON_PATHS.profiles;
  const operation = `Amazon Ads GET /v2/profiles (${input.region})`;
  const res = await adsGet(ctx, {
    url,
    accessToken: input.accessToken,
    headers: { "amazon-advertising-api-clientid": ctx.clientId },
    operation,
  });
  const profiles = parseBody(res, operation, z.array(Profile), (text) =>
    parseJsonKeepingIntegers(text, EXACT_INTEGER_KEYS),
  );
  return (
    profiles
      // A profile type this code does not know (Amazon adds some now and then) is left out
      // rather than failing the whole listing.
      .filter((p) => ACCOUNT_TYPES.has(p.accountInfo.type))
      .map((p) => ({
        profileId: p.profileId,
        region: input.region,
        countryCode: p.countryCode,
        currencyCode: p.currencyCode,
        timezone: p.timezone,
        marketplaceStringId: p.accountInfo.marketplaceStringId,
        accountInfo: {
          id: p.accountInfo.id,
          type: p.accountInfo.type as AmazonAccountType,
          name: p.accountInfo.name ?? null,
          subType: p.accountInfo.subType ?? null,
          validPaymentMethod: p.accountInfo.validPaymentMethod ?? null,
        },
      }))
  );
}
