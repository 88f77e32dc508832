import type { Db } from "@adsconnect/db/client";
import { AccountNotFoundError } from "@adsconnect/tokens/errors";

import { advertiserCount, profileColumns, profileOut } from "./profile-columns";

/** Columns safe to show the workspace's members: never a ciphertext. */
const accountSummary = {
  id: true,
  amazonUserId: true,
  amazonName: true,
  amazonEmail: true,
  consentRegion: true,
  status: true,
  accessTokenExpiresAt: true,
  consentedAt: true,
  lastRefreshedAt: true,
  consecutiveFailures: true,
  lastErrorCode: true,
  lastErrorMessage: true,
  lastErrorAt: true,
  scopes: true,
  createdAt: true,
  updatedAt: true,
  connectedBy: { select: { name: true, email: true } },
} as const;

const profileFields = { id: true, ...profileColumns } as const;

/**
 * A workspace's accounts, newest first, each with who connected it (`connectedBy`: null once
 * that person is erased) and its profiles (and their advertiser counts).
 */
export async function listAccounts(db: Db, { workspaceId }: { workspaceId: string }) {
  const accounts = await db.amazonAccount.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    select: {
      ...accountSummary,
      profiles: {
        select: { ...profileFields, ...advertiserCount },
        orderBy: [{ region: "asc" }, { countryCode: "asc" }],
      },
    },
  });
  return accounts.map(({ profiles, ...account }) => ({
    ...account,
    profiles: profiles.map(profileOut),
    regions: [...new Set(profiles.map((profile) => profile.region))],
  }));
}

/** One of a workspace's accounts with who connected it, its profiles and DSP advertisers. */
export async function getAccount(
  db: Db,
  { workspaceId, accountId }: { workspaceId: string; accountId: string },
) {
  const account = await db.amazonAccount.findFirst({
    where: { id: accountId, workspaceId },
    select: {
      ...accountSummary,
      profiles: {
        select: {
          ...profileFields,
          dspAdvertisers: {
            select: {
              advertiserId: true,
              name: true,
              currency: true,
              country: true,
              timezone: true,
              url: true,
              lastSyncedAt: true,
            },
            orderBy: { name: "asc" },
          },
        },
        orderBy: [{ region: "asc" }, { countryCode: "asc" }],
      },
    },
  });
  if (!account) throw new AccountNotFoundError();
  return {
    ...account,
    profiles: account.profiles.map((profile) => ({
      ...profile,
      profileId: profile.profileId.toString(),
    })),
  };
}
