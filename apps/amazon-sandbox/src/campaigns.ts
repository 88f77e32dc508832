/**
 * Sponsored Products campaigns of the sandbox's profiles: deterministic, generated on first use
 * from the profile id, shaped like Amazon's SP v3 `SponsoredProductsCampaign`. Sam Seller's US
 * profile has 2,345 (three pages of Amazon's default page size), the others a handful, DSP
 * (agency) profiles none.
 */
import type { SandboxProfile } from "./seed";

export type CampaignState = "ENABLED" | "PAUSED" | "ARCHIVED";

export interface SpCampaign {
  campaignId: string;
  portfolioId?: string;
  name: string;
  targetingType: "AUTO" | "MANUAL";
  state: CampaignState;
  dynamicBidding: {
    strategy: "LEGACY_FOR_SALES" | "AUTO_FOR_SALES" | "MANUAL";
    placementBidding: {
      placement: "PLACEMENT_TOP" | "PLACEMENT_PRODUCT_PAGE";
      percentage: number;
    }[];
  };
  startDate: string;
  endDate?: string;
  budget: { budgetType: "DAILY"; budget: number };
  tags: Record<string, string>;
  /** Only answered with `includeExtendedDataFields: true`. */
  extendedData: {
    creationDateTime: string;
    lastUpdateDateTime: string;
    servingStatus: "CAMPAIGN_STATUS_ENABLED" | "CAMPAIGN_PAUSED" | "CAMPAIGN_ARCHIVED";
    servingStatusDetails: { name: string; helpUrl?: string; message?: string }[];
  };
}

/** Campaign counts of seeded profiles; every other seller or vendor profile has 3. */
const CAMPAIGN_COUNTS: Record<string, number> = {
  "4400000000000000101": 2345,
  "4400000000000000103": 12,
  "4400000000000000201": 7,
  "4400000000000000203": 3,
  "4400000000000000301": 40,
  "4400000000000000401": 5,
};

const cache = new Map<string, readonly SpCampaign[]>();

const DAY_MS = 86_400_000;
const EPOCH_2025 = Date.UTC(2025, 0, 1);

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function campaignsOf(profile: SandboxProfile): readonly SpCampaign[] {
  const key = profile.profileId.toString();
  const cached = cache.get(key);
  if (cached) return cached;
  const count =
    profile.accountInfo.type === "agency"
      ? 0
      : (CAMPAIGN_COUNTS[key] ?? (key.startsWith("45") ? 3 : 0));
  // 15-digit ids, unique per profile: 2 · 10^14 + (profile id mod 10^9) · 10^5 + n.
  const base = 200_000_000_000_000n + (profile.profileId % 1_000_000_000n) * 100_000n;
  const currencyFactor = profile.currencyCode === "JPY" ? 100 : 1;
  const campaigns = Array.from({ length: count }, (_, i): SpCampaign => {
    const n = i + 1;
    const auto = i % 3 === 0;
    const state: CampaignState = i % 10 === 9 ? "ARCHIVED" : i % 10 === 7 ? "PAUSED" : "ENABLED";
    const start = EPOCH_2025 + ((i * 37) % 365) * DAY_MS;
    const created = start - 2 * DAY_MS + (i % 86_400) * 1000;
    return {
      campaignId: String(base + BigInt(n)),
      ...(i % 5 === 0 ? { portfolioId: String(base + 90_000n + BigInt(i % 4)) } : {}),
      name: `${profile.accountInfo.name} ${profile.countryCode} SP ${auto ? "Auto" : "Manual"} ${String(n).padStart(4, "0")}`,
      targetingType: auto ? "AUTO" : "MANUAL",
      state,
      dynamicBidding: {
        strategy: (["LEGACY_FOR_SALES", "AUTO_FOR_SALES", "MANUAL"] as const)[i % 3]!,
        placementBidding:
          i % 4 === 0 ? [{ placement: "PLACEMENT_TOP", percentage: 10 + (i % 9) * 10 }] : [],
      },
      startDate: isoDate(start),
      ...(state === "ARCHIVED" ? { endDate: isoDate(start + 30 * DAY_MS) } : {}),
      budget: { budgetType: "DAILY", budget: (5 + ((i * 7) % 95)) * currencyFactor },
      tags: {},
      extendedData: {
        creationDateTime: new Date(created).toISOString(),
        lastUpdateDateTime: new Date(created + (i % 50) * DAY_MS).toISOString(),
        servingStatus:
          state === "ENABLED"
            ? "CAMPAIGN_STATUS_ENABLED"
            : state === "PAUSED"
              ? "CAMPAIGN_PAUSED"
              : "CAMPAIGN_ARCHIVED",
        servingStatusDetails: [],
      },
    };
  });
  // Only the big lists are kept: synthetic users are many and their three campaigns cheap.
  if (count > 50) cache.set(key, campaigns);
  return campaigns;
}
