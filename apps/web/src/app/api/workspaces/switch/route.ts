import { isAdsConnectError } from "@adsconnect/errors";
import { resolveWorkspace } from "@adsconnect/workspaces";
import { cookies } from "next/headers";
import { z } from "zod";

import { env } from "@/env";
import { getAuthSettings } from "@/server/auth-settings";
import { refuseUnlessSameOrigin } from "@/server/same-origin";
import { getServices } from "@/server/services";
import { getSession } from "@/server/session";
import { setWorkspaceCookie } from "@/server/workspace-cookie";

export const dynamic = "force-dynamic";

const switchForm = z.object({
  workspaceId: z.uuid("Pick a workspace from the workspace switcher."),
});

function answer(status: number, body: Record<string, unknown>) {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

/**
 * The workspace switcher, under local sign-in: a same-origin POST of `workspaceId` (form data)
 * from a signed-in person who is an active member there sets the httpOnly, SameSite=Lax
 * `adsconnect_workspace` cookie, which the dashboard's context reads from then on. 200
 * `{ workspaceId, name }`; 403 for another origin or a workspace they are not (or no longer) in;
 * 401 signed out; 404 with Clerk (its Organization switcher sets the active workspace).
 */
export async function POST(request: Request) {
  if (getAuthSettings().provider !== "local") {
    return answer(404, {
      error: { message: "Switch workspaces with Clerk's organization switcher." },
    });
  }
  const refused = refuseUnlessSameOrigin(request);
  if (refused) return refused;
  const session = await getSession();
  if (!session) return answer(401, { error: { message: "Sign in first." } });
  const parsed = switchForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return answer(400, { error: { message: parsed.error.issues[0]?.message ?? "Bad request." } });
  }
  try {
    const workspace = await resolveWorkspace(getServices().db, {
      userId: session.userId,
      workspaceId: parsed.data.workspaceId,
    });
    setWorkspaceCookie(await cookies(), workspace.workspaceId, env.APP_URL.startsWith("https://"));
    return answer(200, { workspaceId: workspace.workspaceId, name: workspace.name });
  } catch (error) {
    if (isAdsConnectError(error) && error.kind === "forbidden") {
      return answer(403, { error: { message: error.message } });
    }
    throw error;
  }
}
