import type { Prisma } from "@adsconnect/db/client";

import type { Discovery } from "./discover-profiles";

type Tx = Prisma.TransactionClient;

/**
 * Stores what discovery found for an account, inside the caller's transaction:
 * profiles upserted by Amazon's id, profiles gone from a region that answered
 * removed, advertisers replaced for each profile whose list was read. Regions that
 * failed keep what was stored before, so a passing outage loses nothing.
 */
export async function saveDiscovery(tx: Tx, accountId: string, discovery: Discovery, now: Date) {
  const failed = new Set(discovery.failedRegions.map((failure) => failure.region));
  const seen = discovery.profiles.map(({ profile }) => BigInt(profile.profileId));

  await tx.advertisingProfile.deleteMany({
    where: {
      accountId,
      region: { notIn: [...failed] },
      profileId: { notIn: seen },
    },
  });

  let advertiserCount = 0;
  for (const { profile, advertisers } of discovery.profiles) {
    const fields = {
      region: profile.region,
      countryCode: profile.countryCode,
      currencyCode: profile.currencyCode,
      timezone: profile.timezone,
      marketplaceStringId: profile.marketplaceStringId,
      accountInfoType: profile.accountInfo.type,
      accountInfoName: profile.accountInfo.name,
      accountInfoId: profile.accountInfo.id,
      accountInfoSubType: profile.accountInfo.subType,
      lastSyncedAt: now,
    };
    const row = await tx.advertisingProfile.upsert({
      where: { accountId_profileId: { accountId, profileId: BigInt(profile.profileId) } },
      create: { accountId, profileId: BigInt(profile.profileId), ...fields },
      update: fields,
      select: { id: true },
    });
    if (advertisers === null) continue;
    advertiserCount += advertisers.length;
    // Replaced wholesale: advertisers are identified by Amazon's id, and one
    // delete + one insert beats hundreds of upserts for a large agency.
    await tx.dspAdvertiser.deleteMany({ where: { profileId: row.id } });
    await tx.dspAdvertiser.createMany({
      data: advertisers.map((advertiser) => ({
        profileId: row.id,
        advertiserId: advertiser.advertiserId,
        name: advertiser.name,
        currency: advertiser.currency,
        country: advertiser.country,
        timezone: advertiser.timezone,
        url: advertiser.url,
        lastSyncedAt: now,
      })),
    });
  }
  return {
    profiles: discovery.profiles.length,
    advertisers: advertiserCount,
    failedRegions: [...failed],
  };
}
