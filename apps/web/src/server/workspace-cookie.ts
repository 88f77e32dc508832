import { z } from "zod";

/**
 * The workspace a person picked in the switcher, under local sign-in only (with Clerk, the
 * session token's active Organization decides, and this cookie is ignored). httpOnly and
 * SameSite=Lax: no script reads it and no other site's form sends it.
 */
export const WORKSPACE_COOKIE = "adsconnect_workspace";

interface CookieJar {
  set(name: string, value: string, options: Record<string, unknown>): unknown;
  delete(name: string): unknown;
}

const workspaceId = z.uuid();

/** The picked workspace's id, or null (none picked, or a value that is no workspace id). */
export function pickedWorkspaceId(value: string | undefined): string | null {
  const parsed = workspaceId.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function setWorkspaceCookie(cookies: CookieJar, id: string, secure: boolean) {
  cookies.set(WORKSPACE_COOKIE, id, {
    path: "/",
    sameSite: "lax",
    httpOnly: true,
    secure,
    // A year: the choice outlives sessions in the same browser; sign-out clears it.
    maxAge: 365 * 86_400,
  });
}

export function clearWorkspaceCookie(cookies: CookieJar) {
  cookies.delete(WORKSPACE_COOKIE);
}
