import { removeMember as removeMemberOf } from "@adsconnect/workspaces";

import { workspaceAdminProcedure } from "../../trpc";
import { removeMemberInput } from "./inputs";

/**
 * Removes a member of the current (local) workspace: their very next request there is refused.
 * Never the last admin.
 */
export const removeMember = workspaceAdminProcedure("manage its members")
  .input(removeMemberInput)
  .mutation(({ ctx, input }) =>
    removeMemberOf(ctx.db, { access: ctx.workspace, actorId: ctx.userId, userId: input.userId }),
  );
