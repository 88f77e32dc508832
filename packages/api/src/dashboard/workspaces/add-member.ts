import { addMemberByEmail } from "@adsconnect/workspaces";

import { workspaceAdminProcedure } from "../../trpc";
import { addMemberInput } from "./inputs";

/**
 * Adds the person who signs in with `email` to the current (local) workspace; see
 * addMemberByEmail for what is refused. `alreadyMember`: nothing changed.
 */
export const addMember = workspaceAdminProcedure("manage its members")
  .input(addMemberInput)
  .mutation(({ ctx, input }) =>
    addMemberByEmail(ctx.db, { access: ctx.workspace, actorId: ctx.userId, ...input }),
  );
