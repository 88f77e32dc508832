/**
 * The Amazon Ads API passthrough for internal apps: `/ads/{accountId}/{region}/{Amazon path}`
 * with an API key, mounted by apps/api. See README.md.
 */
export { createAdsProxy, type AdsProxy, type AdsProxyServices } from "./create-ads-proxy";
export {
  allowEveryActiveKey,
  authorizeByKeyScope,
  PROXY_DEFAULTS,
  type AdsProxyOptions,
  type AuthorizeProxyCall,
  type ProxyCall,
} from "./options";
export { ADS_API_PATH_PREFIXES } from "./allowed-paths";
export { ADS_PROXY_PREFIX, DOWNLOAD_SEGMENT } from "./route";
export { AMAZON_REPORT_HOST } from "./download";
export { ProxyError, type ProxyErrorCode } from "./errors";
export { HOP_BY_HOP } from "./headers";

/** Whether a request target is the proxy's (`/ads/…`): what apps/api routes on. */
export function isAdsProxyPath(target: string | undefined): boolean {
  return target?.startsWith("/ads/") ?? false;
}
