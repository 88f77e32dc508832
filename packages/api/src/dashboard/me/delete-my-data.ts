import { erasePerson } from "@adsconnect/accounts";
import { z } from "zod";

import { DELETE_MY_DATA_CONFIRMATION } from "../../messages";
import { protectedProcedure } from "../../trpc";

export const deleteMyDataInput = z.object({
  /** Exactly DELETE_MY_DATA_CONFIRMATION, as the person typed it in the dialog. */
  confirmation: z
    .string()
    .refine((typed) => typed.trim().toLowerCase() === DELETE_MY_DATA_CONFIRMATION, {
      error: `type "${DELETE_MY_DATA_CONFIRMATION}" to confirm`,
    }),
});

/**
 * Erases the signed-in person, and only them (`erasePerson` in @adsconnect/accounts, the
 * same as Clerk's `user.deleted` webhook): their personal workspace with every account in it
 * and its tokens, profiles, advertisers, API keys (refused by the machine API from the next
 * call on) and audit events; their pending connections, memberships and `users` row, keeping
 * one line with no personal data. What they did in shared workspaces stays, naming nobody.
 * The session that asked is over: it, and any other issued before now, is treated as
 * signed out (src/domain/users/sync-user.ts); the web app then signs the person out.
 */
export const deleteMyData = protectedProcedure
  .input(deleteMyDataInput)
  .mutation(async ({ ctx }) => {
    const { counts, erasedAt } = await erasePerson(ctx.services, {
      userId: ctx.userId,
      source: "dashboard",
    });
    ctx.logger.info({ counts, source: "dashboard" }, "person erased");
    return { erased: true as const, counts, erasedAt };
  });
