import { requestSite } from "@adsconnect/api/dashboard";

import { env } from "@/env";

/**
 * For the sign-in and sign-out forms (plain form POSTs, which any site can send a browser to
 * make): null when the browser says the POST comes from the app's own pages (APP_URL's origin),
 * else a 403 to answer with. A request that says nothing is refused too: every current browser
 * sends `Origin` or `Sec-Fetch-Site` with a form POST, so a forged sign-in (login CSRF) cannot
 * hide behind an old one.
 */
export function refuseUnlessSameOrigin(request: Request): Response | null {
  if (requestSite(request.headers, env.APP_URL) === "same-origin") return null;
  return Response.json(
    { error: { message: "This form works only from adsconnect's own pages." } },
    { status: 403, headers: { "cache-control": "no-store" } },
  );
}
