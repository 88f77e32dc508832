import { randomUUID } from "node:crypto";

import type { Prisma } from "@adsconnect/db/client";

import type { Discovery } from "./discover-profiles";

type Tx = Prisma.TransactionClient;

/**
 * Rows per statement. Each column travels as one array parameter (`unnest`), so the statement
 * count — not the row count — sets the number of round trips: 2,000 profiles and 5,000 DSP
 * advertisers are four or five statements, not 7,000.
 */
export const SAVE_BATCH_ROWS = 5_000;

/**
 * How long the transaction that saves a connection or a re-sync may stay open. Discovery (every
 * call to Amazon) happens before it opens, so it holds only these few set-based statements, which
 * take well under a second for the largest agency seen (2,000 profiles, 5,000 advertisers); 20 s
 * leaves room for a busy database without leaving row locks held behind a stuck connection, and
 * stays below what a person waits for a redirect. `maxWait` bounds the wait for a pool connection.
 */
export const SAVE_TRANSACTION_OPTIONS = { timeout: 20_000, maxWait: 10_000 } as const;

function chunks<T>(items: readonly T[], size = SAVE_BATCH_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Stores what discovery found for an account, inside the caller's transaction, set-based:
 * profiles upserted by Amazon's id with one multi-row INSERT ... ON CONFLICT, profiles gone from a
 * region that answered removed with one DELETE, advertisers replaced (one DELETE, one INSERT) for
 * each profile whose list was read. Regions that failed keep what was stored before, so a passing
 * outage loses nothing. Connecting, reconnecting and the worker's daily re-sync all save here.
 */
export async function saveDiscovery(tx: Tx, accountId: string, discovery: Discovery, now: Date) {
  const failed = new Set(discovery.failedRegions.map((failure) => failure.region));
  // Amazon listing an id twice would make ON CONFLICT touch a row twice: the last one wins.
  const byId = new Map(
    discovery.profiles.map((entry) => [BigInt(entry.profile.profileId).toString(), entry]),
  );
  const entries = [...byId.values()];

  await tx.$executeRaw`
    DELETE FROM advertising_profiles
    WHERE account_id = ${accountId}::uuid
      AND NOT (region::text = ANY(${[...failed]}::text[]))
      AND NOT (profile_id = ANY(${[...byId.keys()]}::bigint[]))`;

  const rowIds = new Map<string, string>();
  for (const batch of chunks(entries)) {
    const p = batch.map(({ profile }) => profile);
    const rows = await tx.$queryRaw<{ id: string; profile_id: string }[]>`
      INSERT INTO advertising_profiles (
        id, account_id, profile_id, region, country_code, currency_code, timezone,
        marketplace_string_id, account_info_type, account_info_name, account_info_id,
        account_info_sub_type, last_synced_at)
      SELECT u.id, ${accountId}::uuid, u.profile_id, u.region::"AmazonRegion", u.country_code,
        u.currency_code, u.timezone, u.marketplace_string_id, u.account_info_type::"ProfileType",
        u.account_info_name, u.account_info_id, u.account_info_sub_type, ${now}
      FROM unnest(
        ${p.map(() => randomUUID())}::uuid[],
        ${p.map((x) => x.profileId)}::bigint[],
        ${p.map((x) => x.region)}::text[],
        ${p.map((x) => x.countryCode)}::text[],
        ${p.map((x) => x.currencyCode)}::text[],
        ${p.map((x) => x.timezone)}::text[],
        ${p.map((x) => x.marketplaceStringId)}::text[],
        ${p.map((x) => x.accountInfo.type)}::text[],
        ${p.map((x) => x.accountInfo.name)}::text[],
        ${p.map((x) => x.accountInfo.id)}::text[],
        ${p.map((x) => x.accountInfo.subType)}::text[]
      ) AS u(id, profile_id, region, country_code, currency_code, timezone, marketplace_string_id,
             account_info_type, account_info_name, account_info_id, account_info_sub_type)
      ON CONFLICT (account_id, profile_id) DO UPDATE SET
        region = EXCLUDED.region,
        country_code = EXCLUDED.country_code,
        currency_code = EXCLUDED.currency_code,
        timezone = EXCLUDED.timezone,
        marketplace_string_id = EXCLUDED.marketplace_string_id,
        account_info_type = EXCLUDED.account_info_type,
        account_info_name = EXCLUDED.account_info_name,
        account_info_id = EXCLUDED.account_info_id,
        account_info_sub_type = EXCLUDED.account_info_sub_type,
        last_synced_at = EXCLUDED.last_synced_at
      RETURNING id::text AS id, profile_id::text AS profile_id`;
    for (const row of rows) rowIds.set(row.profile_id, row.id);
  }

  // Advertisers are replaced wholesale for each profile whose list was read: they are identified
  // by Amazon's id, and one delete + one insert beats thousands of upserts for a large agency.
  const listed = entries.filter((entry) => entry.advertisers !== null);
  const listedRowIds = listed.map(({ profile }) => rowId(rowIds, profile.profileId));
  if (listedRowIds.length > 0) {
    await tx.$executeRaw`
      DELETE FROM dsp_advertisers WHERE profile_id = ANY(${listedRowIds}::uuid[])`;
  }
  const advertisers = listed.flatMap(({ profile, advertisers: list }) =>
    (list ?? []).map((advertiser) => ({
      profileRowId: rowId(rowIds, profile.profileId),
      ...advertiser,
    })),
  );
  for (const batch of chunks(advertisers)) {
    await tx.$executeRaw`
      INSERT INTO dsp_advertisers (
        id, profile_id, advertiser_id, name, currency, country, timezone, url, last_synced_at)
      SELECT u.id, u.profile_id, u.advertiser_id, u.name, u.currency, u.country, u.timezone,
        u.url, ${now}
      FROM unnest(
        ${batch.map(() => randomUUID())}::uuid[],
        ${batch.map((a) => a.profileRowId)}::uuid[],
        ${batch.map((a) => a.advertiserId)}::text[],
        ${batch.map((a) => a.name)}::text[],
        ${batch.map((a) => a.currency)}::text[],
        ${batch.map((a) => a.country)}::text[],
        ${batch.map((a) => a.timezone)}::text[],
        ${batch.map((a) => a.url)}::text[]
      ) AS u(id, profile_id, advertiser_id, name, currency, country, timezone, url)`;
  }

  return {
    profiles: entries.length,
    advertisers: advertisers.length,
    failedRegions: [...failed],
  };
}

function rowId(rowIds: ReadonlyMap<string, string>, profileId: string): string {
  // RETURNING names every row of the INSERT ... ON CONFLICT DO UPDATE, inserted or updated.
  const id = rowIds.get(BigInt(profileId).toString());
  if (!id) throw new Error("a saved profile has no row id");
  return id;
}
