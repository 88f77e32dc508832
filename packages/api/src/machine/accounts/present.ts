import type { getAccountOverview } from "@adsconnect/accounts";

type Overview = Awaited<ReturnType<typeof getAccountOverview>>;
type Profile = Overview["profiles"][number];
type Region = Profile["region"];

const DAY_MS = 86_400_000;

/**
 * An account as the machine router shows it: what the dashboard shows its
 * owner (status, the Amazon user, consent age and dates, profiles by region
 * with their DSP advertiser counts). Never a token or ciphertext.
 */
export function presentAccount(account: Overview, now: Date) {
  const profilesByRegion: Record<Region, Omit<Profile, "region">[]> = { NA: [], EU: [], FE: [] };
  for (const { region, ...profile } of account.profiles) profilesByRegion[region].push(profile);
  return {
    id: account.id,
    status: account.status,
    amazonUser: { name: account.amazonName, email: account.amazonEmail },
    consentRegion: account.consentRegion,
    consentedAt: account.consentedAt,
    consentAgeDays: Math.max(
      0,
      Math.floor((now.getTime() - account.consentedAt.getTime()) / DAY_MS),
    ),
    accessTokenExpiresAt: account.accessTokenExpiresAt,
    lastRefreshedAt: account.lastRefreshedAt,
    lastError: account.lastErrorAt
      ? {
          code: account.lastErrorCode,
          message: account.lastErrorMessage,
          at: account.lastErrorAt,
        }
      : null,
    connectedAt: account.createdAt,
    regions: (Object.keys(profilesByRegion) as Region[]).filter(
      (region) => profilesByRegion[region].length > 0,
    ),
    profilesByRegion,
  };
}
