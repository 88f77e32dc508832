import "server-only";

import { cookies } from "next/headers";

import { getAuthSettings } from "@/server/auth-settings";
import { pickedWorkspaceId, WORKSPACE_COOKIE } from "@/server/workspace-cookie";

/**
 * What the dashboard context needs to know of how people sign in here: the sign-in mode, and
 * under local sign-in the workspace picked in the switcher (its cookie). Clerk mode ignores the
 * cookie: the session token's active Organization decides.
 */
export async function workspaceContextOptions() {
  const signInMode = getAuthSettings().provider;
  const selectedWorkspaceId =
    signInMode === "local"
      ? pickedWorkspaceId((await cookies()).get(WORKSPACE_COOKIE)?.value)
      : null;
  return { signInMode, selectedWorkspaceId };
}
