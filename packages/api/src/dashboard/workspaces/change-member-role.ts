import { changeMemberRole as changeMemberRoleOf } from "@adsconnect/workspaces";

import { workspaceAdminProcedure } from "../../trpc";
import { changeMemberRoleInput } from "./inputs";

/** Gives a member of the current (local) workspace another role; never demotes the last admin. */
export const changeMemberRole = workspaceAdminProcedure("manage its members")
  .input(changeMemberRoleInput)
  .mutation(({ ctx, input }) =>
    changeMemberRoleOf(ctx.db, { access: ctx.workspace, actorId: ctx.userId, ...input }),
  );
