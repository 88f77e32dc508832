/** Columns of an advertising profile both account reads show (the dashboard's and the machine API's). */
export const profileColumns = {
  profileId: true,
  region: true,
  countryCode: true,
  currencyCode: true,
  timezone: true,
  marketplaceStringId: true,
  accountInfoType: true,
  accountInfoName: true,
  accountInfoId: true,
  accountInfoSubType: true,
  lastSyncedAt: true,
} as const;

/** Counts a profile's DSP advertisers (shown by `profileOut`). */
export const advertiserCount = { _count: { select: { dspAdvertisers: true } } } as const;

type ProfileRow = {
  profileId: bigint;
  _count: { dspAdvertisers: number };
} & Record<string, unknown>;

/** A profile read with `advertiserCount`, as shown: its Amazon id as a string, the count flat. */
export function profileOut<P extends ProfileRow>({ _count, profileId, ...profile }: P) {
  return {
    ...(profile as Omit<P, "_count" | "profileId">),
    profileId: profileId.toString(),
    advertiserCount: _count.dspAdvertisers,
  };
}
