import { TRPCError } from "@trpc/server";

import { getUserProfile } from "../../domain/users/get-user-profile";
import { protectedProcedure } from "../../trpc";

/** The signed-in person's profile, as this product keeps it. */
export const getProfile = protectedProcedure.query(async ({ ctx }) => {
  const profile = await getUserProfile(ctx.db, ctx.userId);
  // protectedProcedure has just written the row; only a concurrent deletion gets here.
  if (!profile) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return profile;
});
