import { AMAZON_USER_PROFILE_URL, REGION_ENDPOINTS, type AmazonRegion } from "./regions";

export interface ResolvedEndpoints {
  consentUrl: string;
  tokenUrl: string;
  userProfileUrl: string;
  /** Ads API origin (no trailing slash); Amazon's paths such as `/v2/profiles` go after it. */
  adsApiUrl: string;
}

/** Amazon's own paths, kept when a base URL template stands in for Amazon's hosts. */
export const AMAZON_PATHS = {
  consent: "/ap/oa",
  token: "/auth/o2/token",
  userProfile: "/user/profile",
  profiles: "/v2/profiles",
  dspAdvertisers: "/dsp/advertisers",
} as const;

const REGION_PLACEHOLDER = "{region}";

/**
 * Checks an `AMAZON_BASE_URL`-style template once, at client creation, so a typo fails loudly
 * instead of on the first request. Without `{region}` every region would reach the same host and
 * one region's profiles would be listed three times, so the placeholder is required.
 */
export function validateBaseUrlTemplate(template: string): string {
  if (!template.includes(REGION_PLACEHOLDER)) {
    throw new TypeError(
      `Amazon baseUrlTemplate must contain "${REGION_PLACEHOLDER}" (e.g. "http://127.0.0.1:4599/{region}"), got "${template}"`,
    );
  }
  let url: URL;
  try {
    url = new URL(template.replaceAll(REGION_PLACEHOLDER, "na"));
  } catch {
    throw new TypeError(`Amazon baseUrlTemplate is not a URL: "${template}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`Amazon baseUrlTemplate must be http(s): "${template}"`);
  }
  if (url.search || url.hash) {
    throw new TypeError(`Amazon baseUrlTemplate must not carry a query or fragment: "${template}"`);
  }
  return template.replace(/\/+$/, "");
}

/**
 * The URLs for one region. With a template (the sandbox, or any stand-in), every URL is the
 * region's prefix followed by Amazon's own path, so the stand-in sees exactly what Amazon would.
 * Without one, Amazon's real hosts; the user profile always comes from the NA host.
 */
export function resolveEndpoints(
  region: AmazonRegion,
  baseUrlTemplate?: string,
): ResolvedEndpoints {
  if (baseUrlTemplate !== undefined) {
    const prefix = baseUrlTemplate.replaceAll(REGION_PLACEHOLDER, region.toLowerCase());
    return {
      consentUrl: prefix + AMAZON_PATHS.consent,
      tokenUrl: prefix + AMAZON_PATHS.token,
      userProfileUrl: prefix + AMAZON_PATHS.userProfile,
      adsApiUrl: prefix,
    };
  }
  const real = REGION_ENDPOINTS[region];
  return {
    consentUrl: real.consentUrl,
    tokenUrl: real.tokenUrl,
    userProfileUrl: AMAZON_USER_PROFILE_URL,
    adsApiUrl: real.adsApiUrl,
  };
}
