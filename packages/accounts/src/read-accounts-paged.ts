import type { Db } from "@adsconnect/db/client";
import { AccountNotFoundError } from "@adsconnect/tokens/errors";

import { advertiserCount, profileColumns, profileOut } from "./profile-columns";

/**
 * Paged reads of a workspace's accounts, for callers whose lists can be long
 * (the machine router's `accounts.*`). Same columns as read-accounts.ts's:
 * never a ciphertext. Cursors are row ids (uuid v7, so time-ordered), read
 * back as "the rows after this one".
 */

/** Columns of an account safe to show its workspace's apps: never a ciphertext. */
const accountFields = {
  id: true,
  amazonName: true,
  amazonEmail: true,
  consentRegion: true,
  status: true,
  consentedAt: true,
  accessTokenExpiresAt: true,
  lastRefreshedAt: true,
  lastErrorCode: true,
  lastErrorMessage: true,
  lastErrorAt: true,
  createdAt: true,
} as const;

const profileFields = { ...profileColumns, ...advertiserCount } as const;

export interface PageRequest {
  limit: number;
  /** The `nextCursor` of the previous page; omitted for the first. */
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

function pageOf<T extends { id: string }, U>(
  rows: T[],
  limit: number,
  map: (row: T) => U,
): Page<U> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items: items.map(map), nextCursor: more ? items[items.length - 1]!.id : null };
}

/**
 * One page of `workspaceId`'s accounts, oldest first, each with its profiles (and
 * their DSP advertiser counts). `accountIds`, when given, narrows to those.
 */
export async function listAccountsPage(
  db: Db,
  {
    workspaceId,
    accountIds,
    limit,
    cursor,
  }: PageRequest & { workspaceId: string; accountIds?: readonly string[] | null },
) {
  const rows = await db.amazonAccount.findMany({
    where: {
      workspaceId,
      ...(accountIds ? { id: { in: [...accountIds] } } : {}),
      ...(cursor ? { AND: [{ id: { gt: cursor } }] } : {}),
    },
    orderBy: { id: "asc" },
    take: limit + 1,
    select: {
      ...accountFields,
      profiles: { select: profileFields, orderBy: [{ region: "asc" }, { countryCode: "asc" }] },
    },
  });
  return pageOf(rows, limit, ({ profiles, ...account }) => ({
    ...account,
    profiles: profiles.map(profileOut),
  }));
}

/** One of `workspaceId`'s accounts with its profiles and their DSP advertiser counts. */
export async function getAccountOverview(
  db: Db,
  { workspaceId, accountId }: { workspaceId: string; accountId: string },
) {
  const account = await db.amazonAccount.findFirst({
    where: { id: accountId, workspaceId },
    select: {
      ...accountFields,
      profiles: { select: profileFields, orderBy: [{ region: "asc" }, { countryCode: "asc" }] },
    },
  });
  if (!account) throw new AccountNotFoundError();
  const { profiles, ...rest } = account;
  return { ...rest, profiles: profiles.map(profileOut) };
}

/**
 * One page of the DSP advertisers of one of `workspaceId`'s accounts (all its
 * profiles, or the one whose Amazon id is `profileId`), in the order they were stored.
 */
export async function listDspAdvertisersPage(
  db: Db,
  {
    workspaceId,
    accountId,
    profileId,
    limit,
    cursor,
  }: PageRequest & { workspaceId: string; accountId: string; profileId?: bigint | undefined },
) {
  const account = await db.amazonAccount.findFirst({
    where: { id: accountId, workspaceId },
    select: { id: true },
  });
  if (!account) throw new AccountNotFoundError();
  const rows = await db.dspAdvertiser.findMany({
    where: {
      profile: { accountId, ...(profileId === undefined ? {} : { profileId }) },
      ...(cursor ? { id: { gt: cursor } } : {}),
    },
    orderBy: { id: "asc" },
    take: limit + 1,
    select: {
      id: true,
      advertiserId: true,
      name: true,
      currency: true,
      country: true,
      timezone: true,
      url: true,
      lastSyncedAt: true,
      profile: { select: { profileId: true, region: true } },
    },
  });
  return pageOf(rows, limit, ({ id: _id, profile, ...advertiser }) => ({
    ...advertiser,
    profileId: profile.profileId.toString(),
    region: profile.region,
  }));
}

/** The stored profile of one of `workspaceId`'s accounts whose Amazon id is `profileId`, or null. */
export async function findAccountProfile(
  db: Db,
  {
    workspaceId,
    accountId,
    profileId,
  }: { workspaceId: string; accountId: string; profileId: bigint },
) {
  const profile = await db.advertisingProfile.findFirst({
    where: { accountId, profileId, account: { workspaceId } },
    select: { profileId: true, region: true, countryCode: true },
  });
  return profile && { ...profile, profileId: profile.profileId.toString() };
}
