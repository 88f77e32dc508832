import { AdsConnectError } from "@adsconnect/errors";
import { createLocalWorkspace, localWorkspacesOnlyMessage } from "@adsconnect/workspaces";

import { protectedProcedure } from "../../trpc";
import { createWorkspaceInput } from "./inputs";

/**
 * Makes a workspace with the signed-in person as its admin: under local sign-in only (with
 * Clerk, shared workspaces are Clerk Organizations: FORBIDDEN, saying so). The web app then
 * switches to it (its workspace cookie).
 */
export const createWorkspace = protectedProcedure
  .input(createWorkspaceInput)
  .mutation(({ ctx, input }) => {
    if (ctx.signInMode !== "local") {
      throw new AdsConnectError("forbidden", localWorkspacesOnlyMessage());
    }
    return createLocalWorkspace(ctx.db, { creatorId: ctx.userId, name: input.name });
  });
