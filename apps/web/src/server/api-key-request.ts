import { API_KEY_PREFIX } from "@adsconnect/api/api-keys";

/**
 * A tRPC request presenting one of adsconnect's API keys
 * (`Authorization: Bearer adc_…`, read as the API reads it). Such a request is
 * an internal app's, judged by its key alone: no session is read, so Clerk's
 * middleware has nothing to do for it, and in production server.ts answers it
 * without Next. Other routes always get Clerk.
 */
export function isApiKeyRequest(
  pathname: string,
  authorization: string | null | undefined,
): boolean {
  if (!pathname.startsWith("/api/trpc/")) return false;
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  return token?.startsWith(API_KEY_PREFIX) ?? false;
}
