import {
  AMAZON_REGIONS,
  AmazonError,
  isStorableProfileId,
  type AmazonDspAdvertiser,
  type AmazonProfile,
  type AmazonRegion,
} from "@adsconnect/amazon";
import type { Services } from "@adsconnect/services";

export interface DiscoveredProfile {
  profile: AmazonProfile;
  /** null when the profile is not a DSP entity or its advertisers could not be listed. */
  advertisers: AmazonDspAdvertiser[] | null;
}

export interface Discovery {
  profiles: DiscoveredProfile[];
  /** Regions whose host could not be read this time; their stored profiles are left as they were. */
  failedRegions: { region: AmazonRegion; kind: string; requestId: string | null }[];
}

/**
 * At most this many DSP advertiser listings at once: a big agency has hundreds of DSP entities,
 * and firing them all together would meet Amazon's rate limit (and every retry with it).
 */
export const DSP_LISTING_CONCURRENCY = 16;

/**
 * One grant reaches every region, and each Ads API host lists only its own
 * region's profiles, so all three are asked (in parallel). Agency profiles
 * are DSP entities: their advertisers are listed too, a few at a time.
 */
export async function discoverProfiles(
  services: Pick<Services, "amazon" | "logger">,
  accessToken: string,
): Promise<Discovery> {
  const perRegion = await Promise.all(
    AMAZON_REGIONS.map(async (region) => {
      try {
        return { region, profiles: await services.amazon.listProfiles({ accessToken, region }) };
      } catch (error) {
        if (!(error instanceof AmazonError)) throw error;
        services.logger.warn(
          { region, kind: error.amazonKind, requestId: error.requestId },
          "listing profiles failed",
        );
        return { region, error };
      }
    }),
  );

  const failedRegions: Discovery["failedRegions"] = [];
  const profiles: DiscoveredProfile[] = [];
  for (const result of perRegion) {
    if ("error" in result && result.error) {
      failedRegions.push({
        region: result.region,
        kind: result.error.amazonKind,
        requestId: result.error.requestId,
      });
      continue;
    }
    for (const profile of result.profiles ?? []) {
      // Stored as a signed 64-bit integer: an id beyond it is skipped (and said so), never the
      // whole connection. Its region still counts as read.
      if (!isStorableProfileId(profile.profileId)) {
        services.logger.warn(
          { region: result.region, profileId: profile.profileId },
          "profile id does not fit a signed 64-bit integer; this profile is skipped",
        );
        continue;
      }
      profiles.push({ profile, advertisers: null });
    }
  }

  const agencies = profiles.filter(({ profile }) => profile.accountInfo.type === "agency");
  await forEachAtMost(DSP_LISTING_CONCURRENCY, agencies, async (entry) => {
    try {
      entry.advertisers = await services.amazon.listDspAdvertisers({
        accessToken,
        region: entry.profile.region,
        profileId: entry.profile.profileId,
      });
    } catch (error) {
      if (!(error instanceof AmazonError)) throw error;
      services.logger.warn(
        {
          profileId: entry.profile.profileId,
          kind: error.amazonKind,
          requestId: error.requestId,
        },
        "listing DSP advertisers failed",
      );
    }
  });
  return { profiles, failedRegions };
}

async function forEachAtMost<T>(
  limit: number,
  items: readonly T[],
  run: (item: T) => Promise<void>,
) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
