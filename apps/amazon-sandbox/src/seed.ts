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
export type UserKind =
  "seller" | "vendor" | "agency" | "no-profiles" | "synthetic" | "generated-agency";

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

/** Seeded, generated-agency or synthetic user for an id carried by a token; undefined if the sandbox never issued it. */
export function findUser(userId: string): SandboxUser | undefined {
  const seeded = SEEDED_BY_ID.get(userId);
  if (seeded) return seeded;
  const agency = generatedAgency(userId);
  if (agency) return agency.user;
  if (/^amzn1\.account\.SBXSYNTH[A-Z0-9]{4,40}$/.test(userId)) return syntheticUser(userId);
  return undefined;
}

/** A user who can pick themselves on the consent page: seeded or a generated agency. */
export function findConsentUser(userId: string): SandboxUser | undefined {
  return SEEDED_BY_ID.get(userId) ?? generatedAgency(userId)?.user;
}

/** DSP advertisers of an agency profile (decimal id) of `user`, seeded or generated. */
export function dspAdvertisersOf(
  user: SandboxUser | undefined,
  profileId: string,
): readonly DspAdvertiser[] {
  const seeded = DSP_ADVERTISERS.get(profileId);
  if (seeded) return seeded;
  return (user && generatedAgency(user.userId)?.advertisers.get(profileId)) ?? [];
}

// ---------------------------------------------------------------------------------------------
// Generated agencies: a big agency on demand (the admin API's POST /__sandbox/users/agency), e.g.
// 2,000 profiles across the three regions and 5,000 DSP advertisers. Stateless like synthetic
// users: everything is derived from the user id, so they survive a reset or a restart.

export const GENERATED_AGENCY_PREFIX = "amzn1.account.SBXAGENCY";
const GENERATED_AGENCY_ID =
  /^amzn1\.account\.SBXAGENCYP(\d{1,5})G(\d{1,5})A(\d{1,6})X(\d{1,2})N([0-9A-F]{8})$/;

export const GENERATED_AGENCY_LIMITS = {
  profiles: 10_000,
  advertisers: 200_000,
  oversizedProfileIds: 10,
} as const;

export interface GeneratedAgencyOptions {
  /** Profiles with valid int64 ids, spread over US, CA, UK, DE and JP (all three regions). */
  profiles: number;
  /** DSP advertisers in all, spread evenly over the agency profiles. */
  advertisers: number;
  /** How many of the profiles are DSP agency profiles (the rest are sellers). Default ⌈profiles/10⌉. */
  agencyProfiles?: number;
  /**
   * Extra NA seller profiles whose id is above 2^63-1 (9223372036854775807): no signed 64-bit
   * column can hold them. Default 0.
   */
  oversizedProfileIds?: number;
}

interface GeneratedAgency {
  user: SandboxUser;
  advertisers: Map<string, DspAdvertiser[]>;
}

/** The id of a new generated agency; the nonce keeps its profile ids apart from every other's. */
export function generatedAgencyUserId(options: GeneratedAgencyOptions, nonce: number): string {
  const agencies = options.agencyProfiles ?? Math.ceil(options.profiles / 10);
  const n = (nonce >>> 0).toString(16).toUpperCase().padStart(8, "0");
  return `${GENERATED_AGENCY_PREFIX}P${options.profiles}G${agencies}A${options.advertisers}X${options.oversizedProfileIds ?? 0}N${n}`;
}

const MARKETPLACE_CYCLE = ["US", "CA", "UK", "DE", "JP"] as const;
/** Generated ids stay clear of the seeded (44…) and synthetic (45…) ones. */
const GENERATED_PROFILE_BASE = 4600000000000000000n;
const INT64_MAX = (1n << 63n) - 1n;

// Generating 2,000 profiles on every Ads API call would be wasteful: the last few are kept.
const generatedCache = new Map<string, GeneratedAgency>();

function generatedAgency(userId: string): GeneratedAgency | undefined {
  const cached = generatedCache.get(userId);
  if (cached) return cached;
  const match = GENERATED_AGENCY_ID.exec(userId);
  if (!match) return undefined;
  const [profiles, agencies, advertiserTotal, oversized] = match.slice(1, 5).map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const nonce = BigInt(`0x${match[5]!}`);
  if (
    profiles > GENERATED_AGENCY_LIMITS.profiles ||
    agencies > profiles ||
    advertiserTotal > GENERATED_AGENCY_LIMITS.advertisers ||
    (advertiserTotal > 0 && agencies === 0) ||
    oversized > GENERATED_AGENCY_LIMITS.oversizedProfileIds
  ) {
    return undefined;
  }
  const label = match[5]!;
  // Agency profiles are every (profiles/agencies)-th one, so they land in every region.
  const step = agencies === 0 ? Infinity : profiles / agencies;
  const agencyIndexes = new Set(Array.from({ length: agencies }, (_, k) => Math.floor(k * step)));
  const list: SandboxProfile[] = [];
  const advertisers = new Map<string, DspAdvertiser[]>();
  let agencyNumber = 0;
  for (let i = 0; i < profiles; i += 1) {
    const country = MARKETPLACE_CYCLE[i % MARKETPLACE_CYCLE.length]!;
    const profileId = GENERATED_PROFILE_BASE + (nonce << 20n) + BigInt(i);
    if (!agencyIndexes.has(i)) {
      list.push(
        profile(profileId, country, {
          id: `A7GEN${label}${i}`,
          type: "seller",
          name: `Agency ${label} client store ${i + 1}`,
          validPaymentMethod: true,
        }),
      );
      continue;
    }
    const p = profile(profileId, country, {
      id: `ENTITY3GEN${label}${i}`,
      type: "agency",
      name: `Agency ${label} DSP ${i + 1}`,
    });
    list.push(p);
    const share =
      Math.floor(advertiserTotal / agencies) + (agencyNumber < advertiserTotal % agencies ? 1 : 0);
    agencyNumber += 1;
    advertisers.set(
      profileId.toString(),
      Array.from({ length: share }, (_, j): DspAdvertiser => ({
        advertiserId: String(7000000000000n + BigInt(i) * 1_000_000n + BigInt(j)),
        name: `Agency ${label} brand ${i + 1}-${j + 1}`,
        currency: p.currencyCode,
        url: `www.brand-${label.toLowerCase()}-${i + 1}-${j + 1}.example`,
        country: p.countryCode,
        timezone: p.timezone,
      })),
    );
  }
  for (let j = 0; j < oversized; j += 1) {
    list.push(
      profile(INT64_MAX + 1n + (nonce << 4n) + BigInt(j), "US", {
        id: `A7BIG${label}${j}`,
        type: "seller",
        name: `Agency ${label} oversized id ${j + 1}`,
        validPaymentMethod: true,
      }),
    );
  }
  const agency: GeneratedAgency = {
    user: {
      userId,
      name: `Generated Agency ${label}`,
      email: `agency-${label.toLowerCase()}@example.com`,
      kind: "generated-agency",
      profiles: list,
    },
    advertisers,
  };
  generatedCache.set(userId, agency);
  if (generatedCache.size > 8) generatedCache.delete(generatedCache.keys().next().value!);
  return agency;
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
