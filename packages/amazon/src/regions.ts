/**
 * Amazon's three advertising regions and their real origins (see /work/shared/AMAZON.md).
 * One grant covers every region; the region only picks which hosts are asked.
 */

export type AmazonRegion = "NA" | "EU" | "FE";

export const AMAZON_REGIONS: readonly AmazonRegion[] = ["NA", "EU", "FE"];

export interface RegionEndpoints {
  /** Login with Amazon consent page (browser redirect). */
  consentUrl: string;
  /** Login with Amazon token endpoint (code exchange and refresh). */
  tokenUrl: string;
  /** Amazon Ads API origin, without a trailing slash. */
  adsApiUrl: string;
  /** Country codes as Amazon writes them ("UK", not "GB"). */
  marketplaces: readonly string[];
}

export const REGION_ENDPOINTS: Record<AmazonRegion, RegionEndpoints> = {
  NA: {
    consentUrl: "https://www.amazon.com/ap/oa",
    tokenUrl: "https://api.amazon.com/auth/o2/token",
    adsApiUrl: "https://advertising-api.amazon.com",
    marketplaces: ["US", "CA", "MX", "BR"],
  },
  EU: {
    consentUrl: "https://eu.account.amazon.com/ap/oa",
    tokenUrl: "https://api.amazon.co.uk/auth/o2/token",
    adsApiUrl: "https://advertising-api-eu.amazon.com",
    marketplaces: [
      "UK",
      "FR",
      "IT",
      "ES",
      "DE",
      "NL",
      "AE",
      "PL",
      "TR",
      "EG",
      "SA",
      "SE",
      "BE",
      "IN",
      "ZA",
    ],
  },
  FE: {
    consentUrl: "https://apac.account.amazon.com/ap/oa",
    tokenUrl: "https://api.amazon.co.jp/auth/o2/token",
    adsApiUrl: "https://advertising-api-fe.amazon.com",
    marketplaces: ["JP", "AU", "SG"],
  },
};

/**
 * Amazon's user-profile endpoint (served on the NA token host). Whether the EU and FE token hosts
 * serve it too is unconfirmed, so every region uses this one.
 */
export const AMAZON_USER_PROFILE_URL = "https://api.amazon.com/user/profile";

/** Ads API access plus `profile`, so the connected Amazon user can be identified. */
export const AMAZON_SCOPE = "advertising::campaign_management profile";

export function isAmazonRegion(value: unknown): value is AmazonRegion {
  return value === "NA" || value === "EU" || value === "FE";
}
