import { API_KEY_PREFIX } from "@adsconnect/api/api-keys";

/**
 * A tRPC request presenting one of adsconnect's API keys
 * (`Authorization: Bearer adc_…`, read as the API reads it). Such a request is
 * an internal app's, judged by its key alone: no session is read, so Clerk's
 * middleware has nothing to do for it. Other routes always get Clerk.
 */
export function isApiKeyRequest(pathname: string, headers: Headers): boolean {
  if (!pathname.startsWith("/api/trpc/")) return false;
  const token = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "")?.[1];
  return token?.startsWith(API_KEY_PREFIX) ?? false;
}
