/**
 * The Amazon accounts the sandbox knows: a few hand-written people for the consent page, and
 * synthetic users for load tests. Everything here is data; nothing is shared with packages/amazon.
 *
 * Profile ids are int64 values above 2^53 kept as `bigint`, so a client that reads them as JS
 * numbers gets a different id back (see json.ts for how they are written).
 */
import { createHash } from "node:crypto";

export const REGIONS = ["na", "eu", "fe"] as const;
export type Region = (typeof REGIONS)[number];

export type ProfileType = "seller" | "vendor" | "agency";
export type UserKind = "seller" | "vendor" | "agency" | "no-profiles" | "synthetic";

export interface SandboxProfile {
  profileId: bigint;
  region: Region;
  countryCode: string;
  currencyCode: string;
  /** Sellers only. */
  dailyBudget?: number;
  timezone: string;
  accountInfo: {
    marketplaceStringId: string;
    id: string;
    type: ProfileType;
    name: string;
    subType?: "KDP_AUTHOR" | "AMAZON_ATTRIBUTION";
    validPaymentMethod?: boolean;
  };
}

export interface SandboxUser {
  userId: string;
  name: string;
  email: string;
  kind: UserKind;
  profiles: SandboxProfile[];
}

export interface DspAdvertiser {
  advertiserId: string;
  name: string;
  currency: string;
  url: string;
  country: string;
  timezone: string;
}

interface Marketplace {
  region: Region;
  marketplaceStringId: string;
  currencyCode: string;
  timezone: string;
}

/** Amazon's marketplace ids and default profile time zones. */
const MARKETPLACES: Record<string, Marketplace> = {
  US: {
    region: "na",
    marketplaceStringId: "ATVPDKIKX0DER",
    currencyCode: "USD",
    timezone: "America/Los_Angeles",
  },
  CA: {
    region: "na",
    marketplaceStringId: "A2EUQ1WTGCTBG2",
    currencyCode: "CAD",
    timezone: "America/Los_Angeles",
  },
  UK: {
    region: "eu",
    marketplaceStringId: "A1F83G8C2ARO7P",
    currencyCode: "GBP",
    timezone: "Europe/London",
  },
  DE: {
    region: "eu",
    marketplaceStringId: "A1PA6795UKMFR9",
    currencyCode: "EUR",
    timezone: "Europe/Paris",
  },
  JP: {
    region: "fe",
    marketplaceStringId: "A1VC38T7YXB528",
    currencyCode: "JPY",
    timezone: "Asia/Tokyo",
  },
};

function profile(
  profileId: bigint,
  countryCode: keyof typeof MARKETPLACES,
  accountInfo: Omit<SandboxProfile["accountInfo"], "marketplaceStringId">,
  dailyBudget?: number,
): SandboxProfile {
  const market = MARKETPLACES[countryCode];
  if (!market) throw new Error(`unknown marketplace ${countryCode}`);
  return {
    profileId,
    region: market.region,
    countryCode,
    currencyCode: market.currencyCode,
    ...(dailyBudget === undefined ? {} : { dailyBudget }),
    timezone: market.timezone,
    accountInfo: { marketplaceStringId: market.marketplaceStringId, ...accountInfo },
  };
}

const SELLER_ID = "A2SBXSELLER7QK";
const VENDOR_ID_US = "ENTITY1SBXVENDORUS";
const VENDOR_ID_JP = "ENTITY1SBXVENDORJP";
const AGENCY_ID_US = "ENTITY2SBXAGENCYUS";
const AGENCY_ID_UK = "ENTITY2SBXAGENCYUK";

export const SEEDED_USERS: readonly SandboxUser[] = [
  {
    userId: "amzn1.account.AFSBXSELLER2REGIONS0000000001",
    name: "Sam Seller",
    email: "sam.seller@example.com",
    kind: "seller",
    profiles: [
      profile(
        4400000000000000101n,
        "US",
        { id: SELLER_ID, type: "seller", name: "Sam's Sandbox Store", validPaymentMethod: true },
        50,
      ),
      profile(
        4400000000000000103n,
        "CA",
        { id: SELLER_ID, type: "seller", name: "Sam's Sandbox Store", validPaymentMethod: true },
        25.5,
      ),
      profile(
        4400000000000000201n,
        "UK",
        { id: SELLER_ID, type: "seller", name: "Sam's Sandbox Store", validPaymentMethod: true },
        40,
      ),
      profile(
        4400000000000000203n,
        "DE",
        { id: SELLER_ID, type: "seller", name: "Sam's Sandbox Store", validPaymentMethod: false },
        30,
      ),
    ],
  },
  {
    userId: "amzn1.account.AFSBXVENDORNAFE00000000000002",
    name: "Vera Vendor",
    email: "vera.vendor@example.com",
    kind: "vendor",
    profiles: [
      profile(4400000000000000301n, "US", {
        id: VENDOR_ID_US,
        type: "vendor",
        name: "Vera Brands US",
        validPaymentMethod: true,
      }),
      profile(4400000000000000401n, "JP", {
        id: VENDOR_ID_JP,
        type: "vendor",
        name: "Vera Brands Japan",
        validPaymentMethod: true,
      }),
    ],
  },
  {
    userId: "amzn1.account.AFSBXAGENCYDSP000000000000003",
    name: "Ada Agency",
    email: "ada.agency@example.com",
    kind: "agency",
    profiles: [
      profile(4400000000000000501n, "US", {
        id: AGENCY_ID_US,
        type: "agency",
        name: "Ada Media (DSP)",
      }),
      profile(4400000000000000503n, "UK", {
        id: AGENCY_ID_UK,
        type: "agency",
        name: "Ada Media Europe (DSP)",
      }),
    ],
  },
  {
    userId: "amzn1.account.AFSBXNOPROFILES00000000000004",
    name: "Nadia No-Profiles",
    email: "nadia.noprofiles@example.com",
    kind: "no-profiles",
    profiles: [],
  },
];

function advertisers(
  count: number,
  first: bigint,
  country: string,
  currency: string,
  timezone: string,
  label: string,
) {
  return Array.from({ length: count }, (_, i): DspAdvertiser => {
    const n = String(i + 1).padStart(3, "0");
    return {
      advertiserId: String(first + BigInt(i) * 7n),
      name: `${label} ${n}`,
      currency,
      url: `www.${label.toLowerCase().replace(/\s+/g, "-")}-${n}.example`,
      country,
      timezone,
    };
  });
}

/** DSP advertisers per agency profile id (decimal string). 237 = three pages of count=100. */
export const DSP_ADVERTISERS: ReadonlyMap<string, readonly DspAdvertiser[]> = new Map([
  [
    "4400000000000000501",
    advertisers(237, 5870000000001n, "US", "USD", "America/Los_Angeles", "Sandbox Brand"),
  ],
  [
    "4400000000000000503",
    advertisers(3, 5880000000003n, "UK", "GBP", "Europe/London", "Sandbox Brand UK"),
  ],
]);

const PROFILE_OWNERS = new Map<string, { user: SandboxUser; profile: SandboxProfile }>();
for (const user of SEEDED_USERS) {
  for (const p of user.profiles) PROFILE_OWNERS.set(p.profileId.toString(), { user, profile: p });
}

export const SYNTHETIC_USER_PREFIX = "amzn1.account.SBXSYNTH";

/** Synthetic users (minted by the admin API) each own one NA seller profile derived from their id. */
function syntheticUser(userId: string): SandboxUser {
  const digest = createHash("sha256").update(userId).digest();
  // An odd offset below 2^50 keeps the id unique-ish, above 2^53 and never exactly representable.
  const offset = (digest.readBigUInt64BE(0) & ((1n << 50n) - 1n)) | 1n;
  const suffix = userId.slice(SYNTHETIC_USER_PREFIX.length);
  return {
    userId,
    name: `Synthetic User ${suffix}`,
    email: `synthetic-${suffix.toLowerCase()}@example.com`,
    kind: "synthetic",
    profiles: [
      profile(
        4500000000000000000n + offset,
        "US",
        {
          id: `A9SYN${suffix.slice(-9)}`,
          type: "seller",
          name: `Synthetic Store ${suffix}`,
          validPaymentMethod: true,
        },
        10,
      ),
    ],
  };
}

const SEEDED_BY_ID = new Map(SEEDED_USERS.map((u) => [u.userId, u]));

/** Seeded or synthetic user for an id carried by a token; undefined if the sandbox never issued it. */
export function findUser(userId: string): SandboxUser | undefined {
  const seeded = SEEDED_BY_ID.get(userId);
  if (seeded) return seeded;
  if (/^amzn1\.account\.SBXSYNTH[A-Z0-9]{4,40}$/.test(userId)) return syntheticUser(userId);
  return undefined;
}

export function findSeededUser(userId: string): SandboxUser | undefined {
  return SEEDED_BY_ID.get(userId);
}

/**
 * Who owns a profile id (seeded profiles only). Synthetic profiles are found through their user,
 * so the lookup for those goes through `findUser` at the call site.
 */
export function findProfileOwner(profileId: string) {
  return PROFILE_OWNERS.get(profileId);
}
