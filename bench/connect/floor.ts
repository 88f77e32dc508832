/**
 * The floor for a big agency's connect: the same Ads API discovery calls made directly (fetch,
 * the same concurrency, no retries or validation), then the same rows written by plain multi-row
 * INSERTs through node-postgres in one transaction. What the callback cannot go below.
 */
import { randomUUID } from "node:crypto";

import type pg from "pg";

const REGIONS = ["na", "eu", "fe"] as const;
const DSP_PAGE_SIZE = 100;
/** Postgres takes at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 65_535;

interface RawProfile {
  profileId: string;
  region: string;
  countryCode: string;
  currencyCode: string;
  timezone: string;
  accountInfo: {
    marketplaceStringId: string;
    id: string;
    type: string;
    name?: string | null;
    subType?: string | null;
  };
}

interface RawAdvertiser {
  advertiserId: string;
  name: string;
  currency?: string | null;
  country?: string | null;
  timezone?: string | null;
  url?: string | null;
}

export interface AdsApi {
  /** The sandbox's `{region}` URL template. */
  baseUrlTemplate: string;
  clientId: string;
  accessToken: string;
}

async function adsGet(api: AdsApi, region: string, path: string, scope?: string) {
  const res = await fetch(api.baseUrlTemplate.replace("{region}", region) + path, {
    headers: {
      authorization: `Bearer ${api.accessToken}`,
      "amazon-advertising-api-clientid": api.clientId,
      ...(scope ? { "amazon-advertising-api-scope": scope } : {}),
    },
  });
  if (!res.ok) throw new Error(`GET ${path} (${region}): ${res.status}`);
  // Profile ids are int64: kept as their source text.
  return JSON.parse(await res.text(), (key, value, context?: { source?: string }) =>
    key === "profileId" && context?.source ? context.source : value,
  ) as unknown;
}

/** Profiles of every region at once, then each agency profile's advertisers, `concurrency` at a time. */
export async function discoverDirectly(api: AdsApi, concurrency: number) {
  const perRegion = await Promise.all(
    REGIONS.map(async (region) =>
      ((await adsGet(api, region, "/v2/profiles")) as RawProfile[]).map((p) => ({
        ...p,
        region: region.toUpperCase(),
      })),
    ),
  );
  const profiles = perRegion.flat();
  const agencies = profiles.filter((p) => p.accountInfo.type === "agency");
  const advertisers = new Map<string, RawAdvertiser[]>();
  let next = 0;
  const lane = async () => {
    while (next < agencies.length) {
      const profile = agencies[next++]!;
      const list: RawAdvertiser[] = [];
      for (;;) {
        const page = (await adsGet(
          api,
          profile.region.toLowerCase(),
          `/dsp/advertisers?startIndex=${list.length}&count=${DSP_PAGE_SIZE}`,
          profile.profileId,
        )) as { totalResults?: number; response: RawAdvertiser[] };
        list.push(...page.response);
        if (page.response.length === 0 || list.length >= (page.totalResults ?? 0)) break;
      }
      advertisers.set(profile.profileId, list);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, agencies.length) }, lane));
  return { profiles, advertisers };
}

/** INSERT INTO `table` (columns) VALUES (…), (…), … for `rows`, as few statements as parameters allow. */
async function insertRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  returning = "",
) {
  const perStatement = Math.floor(MAX_PARAMETERS / columns.length);
  const returned: Record<string, string>[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    const values = batch.map(
      (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(", ")})`,
    );
    const { rows: out } = await client.query<Record<string, string>>(
      `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${values.join(", ")} ${returning}`,
      batch.flat(),
    );
    returned.push(...out);
  }
  return returned;
}

/** The account row, its profiles and their advertisers, in one transaction. */
export async function writeDirectly(
  client: pg.ClientBase,
  owner: { userId: string; workspaceId: string; amazonUserId: string },
  { profiles, advertisers }: Awaited<ReturnType<typeof discoverDirectly>>,
) {
  const now = new Date();
  const accountId = randomUUID();
  await client.query("BEGIN");
  try {
    await insertRows(
      client,
      "amazon_accounts",
      [
        "id",
        "workspace_id",
        "connected_by_id",
        "amazon_user_id",
        "consent_region",
        "consented_at",
        "updated_at",
      ],
      [[accountId, owner.workspaceId, owner.userId, owner.amazonUserId, "NA", now, now]],
    );
    const saved = await insertRows(
      client,
      "advertising_profiles",
      [
        "id",
        "account_id",
        "profile_id",
        "region",
        "country_code",
        "currency_code",
        "timezone",
        "marketplace_string_id",
        "account_info_type",
        "account_info_name",
        "account_info_id",
        "account_info_sub_type",
        "last_synced_at",
      ],
      profiles.map((p) => [
        randomUUID(),
        accountId,
        p.profileId,
        p.region,
        p.countryCode,
        p.currencyCode,
        p.timezone,
        p.accountInfo.marketplaceStringId,
        p.accountInfo.type,
        p.accountInfo.name ?? null,
        p.accountInfo.id,
        p.accountInfo.subType ?? null,
        now,
      ]),
      "RETURNING id::text AS id, profile_id::text AS profile_id",
    );
    const rowIdOf = new Map(saved.map((row) => [row.profile_id!, row.id!]));
    const advertiserRows = [...advertisers].flatMap(([profileId, list]) =>
      list.map((a) => [
        randomUUID(),
        rowIdOf.get(profileId),
        a.advertiserId,
        a.name,
        a.currency ?? null,
        a.country ?? null,
        a.timezone ?? null,
        a.url ?? null,
        now,
      ]),
    );
    await insertRows(
      client,
      "dsp_advertisers",
      [
        "id",
        "profile_id",
        "advertiser_id",
        "name",
        "currency",
        "country",
        "timezone",
        "url",
        "last_synced_at",
      ],
      advertiserRows,
    );
    await client.query("COMMIT");
    return { profiles: saved.length, advertisers: advertiserRows.length };
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
