import { resolveConfig, type AmazonClientConfig } from "./config";
import { listDspAdvertisers, type AmazonDspAdvertiser } from "./dsp-advertisers";
import { resolveEndpoints, type ResolvedEndpoints } from "./endpoints";
import { buildAuthorizationUrl, exchangeCode, refreshAccessToken, type TokenSet } from "./lwa";
import { listProfiles, type AmazonProfile } from "./profiles";
import { isAmazonRegion, type AmazonRegion } from "./regions";
import { getUser, type AmazonUser } from "./user-profile";

export interface AmazonClient {
  endpoints(region: AmazonRegion): ResolvedEndpoints;
  buildAuthorizationUrl(input: {
    region: AmazonRegion;
    state: string;
    codeChallenge: string;
  }): string;
  /** Never retried (a code is single use). */
  exchangeCode(input: {
    region: AmazonRegion;
    code: string;
    codeVerifier: string;
  }): Promise<TokenSet>;
  /** `region` picks the token host (the consent region); retried like a read. */
  refreshAccessToken(input: { region: AmazonRegion; refreshToken: string }): Promise<TokenSet>;
  getUser(input: { accessToken: string }): Promise<AmazonUser>;
  /** Only the profiles of that region's host; ask all three to find an account's profiles. */
  listProfiles(input: { accessToken: string; region: AmazonRegion }): Promise<AmazonProfile[]>;
  /** Every page, following startIndex/count (100) to totalResults. */
  listDspAdvertisers(input: {
    accessToken: string;
    region: AmazonRegion;
    profileId: string;
  }): Promise<AmazonDspAdvertiser[]>;
}

/** Region values come from requests and rows at runtime; a typo must fail before any request. */
function region<T extends { region: AmazonRegion }>(input: T): T {
  if (!isAmazonRegion(input.region)) {
    throw new TypeError(
      `Amazon region must be "NA", "EU" or "FE", got ${JSON.stringify(input.region)}`,
    );
  }
  return input;
}

/**
 * The Amazon client: Login with Amazon and the Ads API calls the product makes. The config is
 * checked here, once, so a bad AMAZON_BASE_URL or a missing secret fails at start-up.
 */
export function createAmazonClient(config: AmazonClientConfig): AmazonClient {
  const ctx = resolveConfig(config);
  return {
    endpoints: (r) => resolveEndpoints(region({ region: r }).region, ctx.baseUrlTemplate),
    buildAuthorizationUrl: (input) => buildAuthorizationUrl(ctx, region(input)),
    exchangeCode: async (input) => exchangeCode(ctx, region(input)),
    refreshAccessToken: async (input) => refreshAccessToken(ctx, region(input)),
    getUser: (input) => getUser(ctx, input),
    listProfiles: async (input) => listProfiles(ctx, region(input)),
    listDspAdvertisers: async (input) => listDspAdvertisers(ctx, region(input)),
  };
}
