import { cookies } from "next/headers";

import { env } from "@/env";
import { getAuthSettings } from "@/server/auth-settings";
import { clearLocalSession, endLocalSession, SESSION_COOKIE } from "@/server/local-session";
import { refuseUnlessSameOrigin } from "@/server/same-origin";
import { getServices } from "@/server/services";

/** Local sign-out: the session ends on the server (a copy of the cookie stops working), then the cookies go. */
export async function POST(request: Request) {
  const refused = refuseUnlessSameOrigin(request);
  if (refused) return refused;
  const jar = await cookies();
  const settings = getAuthSettings();
  if (settings.provider === "local") {
    await endLocalSession(getServices().db, jar.get(SESSION_COOKIE)?.value, settings.issuer);
  }
  clearLocalSession(jar);
  return Response.redirect(new URL("/sign-in", env.APP_URL), 303);
}
