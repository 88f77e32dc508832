export {
  AMAZON_REGIONS,
  AMAZON_SCOPE,
  AMAZON_USER_PROFILE_URL,
  REGION_ENDPOINTS,
  isAmazonRegion,
  type AmazonRegion,
  type RegionEndpoints,
} from "./regions";
export type { ResolvedEndpoints } from "./endpoints";
export type { AmazonClientConfig } from "./config";
export type { RetryEvent } from "./retry";
export { endpointName, type AmazonRequestRecord } from "./http";
export type { TokenSet } from "./lwa";
export type { AmazonUser } from "./user-profile";
export type { AmazonProfile, AmazonAccountType } from "./profiles";
export { isStorableProfileId } from "./profiles";
export type { AmazonDspAdvertiser } from "./dsp-advertisers";
export { createPkcePair } from "./pkce";
export { createAmazonClient, type AmazonClient } from "./client";
export { AmazonError, ERROR_KIND_OF, isAmazonError, type AmazonErrorKind } from "./errors";
