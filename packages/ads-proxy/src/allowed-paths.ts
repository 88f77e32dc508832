/**
 * The first segment of every Amazon Ads API path the proxy forwards (after
 * `/ads/{accountId}/{region}/`). Everything on an Ads API host is the Ads API,
 * but the list keeps the proxy to it whatever stands at the other end (the
 * sandbox's `/__sandbox` admin and LwA's `/auth/o2/token`, `/ap/oa`,
 * `/user/profile` share its host) and makes a typo fail here, with a message
 * listing what is allowed, rather than at Amazon. Extend it with the proxy's
 * `allowedPathPrefixes` option when Amazon adds an API under a new root.
 */
export const ADS_API_PATH_PREFIXES = [
  // Versioned roots: profiles (v2/profiles), portfolios, v2 reports and snapshots, SB v2…
  "v2",
  "v3",
  "v4",
  // Sponsored Products, Brands, Display, Television (v3 and later).
  "sp",
  "sb",
  "sd",
  "st",
  // Amazon DSP (Amazon-Ads-AccountId or a DSP profile as scope).
  "dsp",
  // Reporting v3 (POST /reporting/reports, GET /reporting/reports/{id}).
  "reporting",
  // Account-level APIs.
  "profiles",
  "portfolios",
  "accounts",
  "adsAccounts",
  "managerAccounts",
  "billing",
  "invoices",
  // Cross-product APIs.
  "adsApi",
  "amc",
  "assets",
  "attribution",
  "audiences",
  "brandStores",
  "eligibility",
  "exports",
  "campaigns",
  "adGroups",
  "ads",
  "targets",
  "history",
  "insights",
  "media",
  "products",
  "recommendations",
  "stores",
] as const;
