import type { DashboardOutputs } from "@adsconnect/api/dashboard";

export type AccountStatus = DashboardOutputs["accounts"]["list"][number]["status"];
export type Region = "NA" | "EU" | "FE";

export const STATUS_LABELS: Record<AccountStatus, string> = {
  active: "Active",
  refresh_failing: "Refresh failing",
  reauth_required: "Reauthorization needed",
  disconnected: "Disconnected",
};

/** What each status means for the person, and what to do. */
export const STATUS_HELP: Record<AccountStatus, string> = {
  active: "Tokens are refreshed automatically before they expire.",
  refresh_failing:
    "Amazon did not answer the last refreshes. adsconnect keeps retrying; nothing to do unless it lasts.",
  reauth_required: "Amazon no longer accepts this grant. Reconnect to restore access.",
  disconnected: "Its tokens were erased. Reconnect to use it again.",
};

export const REGIONS: readonly Region[] = ["NA", "EU", "FE"];

export const REGION_LABELS: Record<Region, string> = {
  NA: "North America",
  EU: "Europe",
  FE: "Far East",
};

/** Amazon's consent page for each region, as people know them. */
export const REGION_CONSENT_HINTS: Record<Region, string> = {
  NA: "amazon.com: United States, Canada, Mexico, Brazil",
  EU: "amazon.co.uk: Europe, the Middle East, India",
  FE: "amazon.co.jp: Japan, Australia, Singapore",
};

// One source for the consent ages the worker flags and the dashboard shows.
export {
  CONSENT_LIFETIME_DAYS,
  CONSENT_WARNING_AGE_DAYS as CONSENT_WARNING_DAYS,
} from "@adsconnect/tokens/consent";
