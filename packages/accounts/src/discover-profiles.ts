import {
  AMAZON_REGIONS,
  AmazonError,
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
 * One grant reaches every region, and each Ads API host lists only its own
 * region's profiles, so all three are asked (in parallel). Agency profiles
 * are DSP entities: their advertisers are listed too.
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
      profiles.push({ profile, advertisers: null });
    }
  }

  await Promise.all(
    profiles
      .filter(({ profile }) => profile.accountInfo.type === "agency")
      .map(async (entry) => {
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
      }),
  );
  return { profiles, failedRegions };
}
