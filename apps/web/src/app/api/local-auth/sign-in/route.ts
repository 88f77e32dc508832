import { localUserIdForEmail } from "@adsconnect/auth";
import { cookies } from "next/headers";
import { z } from "zod";

import { env } from "@/env";
import { getAuthSettings } from "@/server/auth-settings";
import { withLimits } from "@/server/limits";
import { setLocalSession, startLocalSession } from "@/server/local-session";
import { refuseUnlessSameOrigin } from "@/server/same-origin";
import { getServices } from "@/server/services";
import { clearWorkspaceCookie } from "@/server/workspace-cookie";

const signInForm = z.object({
  email: z.email("Enter a valid email address.").trim().toLowerCase().max(254),
  name: z
    .string()
    .trim()
    .max(100, "Keep the name under 100 characters.")
    .optional()
    .transform((name) => name || null),
  // Only same-site paths: an open redirect would let a link send people anywhere.
  redirect_url: z
    .string()
    .regex(/^\/(?!\/)[^\s\\]*$/)
    .optional()
    .catch(undefined),
});

/** Local sign-in (development, demos, offline tests): no password, an email names the person. */
export const POST = withLimits({ rateLimit: "signInPerIp", maxBodyBytes: 16 * 1024 }, signIn);

async function signIn(request: Request) {
  const settings = getAuthSettings();
  if (settings.provider !== "local") {
    return Response.json(
      { error: { message: "Local sign-in is off; use Clerk." } },
      { status: 404 },
    );
  }
  const refused = refuseUnlessSameOrigin(request);
  if (refused) return refused;
  const form = Object.fromEntries(await request.formData());
  const parsed = signInForm.safeParse(form);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Check the form and try again.";
    const back = new URL("/sign-in", env.APP_URL);
    back.searchParams.set("error", message);
    return Response.redirect(back, 303);
  }
  const { email, name, redirect_url } = parsed.data;
  const identity = { userId: localUserIdForEmail(email), email, name };
  const jar = await cookies();
  // Whoever signed in here before may have picked a workspace this person is not in.
  clearWorkspaceCookie(jar);
  await setLocalSession(
    jar,
    settings.issuer,
    identity,
    env.APP_URL.startsWith("https://"),
    await startLocalSession(getServices().db, identity),
  );
  return Response.redirect(new URL(redirect_url ?? "/accounts", env.APP_URL), 303);
}
