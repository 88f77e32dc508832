import { AdsConnectError } from "@adsconnect/errors";

import { getUserProfile } from "../../domain/users/get-user-profile";
import { protectedProcedure, SIGN_IN_MESSAGE } from "../../trpc";

/** The signed-in person's profile, as this product keeps it. */
export const getProfile = protectedProcedure.query(async ({ ctx }) => {
  const profile = await getUserProfile(ctx.db, ctx.userId);
  // protectedProcedure has just written the row; only a concurrent deletion gets here.
  if (!profile) throw new AdsConnectError("unauthorized", SIGN_IN_MESSAGE);
  return profile;
});
