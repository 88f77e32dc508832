import { API_KEY_PREFIX } from "@adsconnect/api/api-keys";

/**
 * A request presenting one of adsconnect's API keys (`Authorization: Bearer adc_…`).
 * Such a request is an internal app's, judged by its key alone: no session is read.
 */
export function isApiKeyRequest(headers: Headers): boolean {
  const authorization = headers.get("authorization");
  return (
    authorization !== null &&
    /^Bearer\s+/i.test(authorization) &&
    authorization.replace(/^Bearer\s+/i, "").startsWith(API_KEY_PREFIX)
  );
}
