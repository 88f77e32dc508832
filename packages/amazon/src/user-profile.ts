/** Who connected: Login with Amazon's customer profile (needs the `profile` scope). */
import { z } from "zod";
import { adsGet } from "./ads-request";
import type { ClientContext } from "./config";
import { resolveEndpoints } from "./endpoints";
import { parseBody } from "./parse-body";

export interface AmazonUser {
  userId: string;
  name: string | null;
  email: string | null;
}

// `profile:user_id` grants only user_id, so name and email may be missing.
const UserProfile = z.object({
  user_id: z.string().min(1),
  name: z.string().nullish(),
  email: z.string().nullish(),
});

export async function getUser(
  ctx: ClientContext,
  input: { accessToken: string },
): Promise<AmazonUser> {
  // The NA host serves every region's users (the EU and FE hosts are unconfirmed).
  const url = resolveEndpoints("NA", ctx.baseUrlTemplate).userProfileUrl;
  const operation = "Login with Amazon GET /user/profile";
  const res = await adsGet(ctx, { url, accessToken: input.accessToken, operation });
  const user = parseBody(res, operation, UserProfile, (text) => JSON.parse(text));
  return { userId: user.user_id, name: user.name ?? null, email: user.email ?? null };
}
