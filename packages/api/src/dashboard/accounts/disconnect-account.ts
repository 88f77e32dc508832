import { disconnectAccount as disconnectAccountOf } from "@adsconnect/accounts";

import { workspaceAdminProcedure } from "../../trpc";
import { accountIdInput } from "./inputs";

/**
 * Erases the account's tokens and marks it disconnected; its history stays. Admins only
 * (FORBIDDEN for a member, naming the workspace).
 */
export const disconnectAccount = workspaceAdminProcedure("disconnect an Amazon account")
  .input(accountIdInput)
  .mutation(({ ctx, input }) =>
    disconnectAccountOf(ctx.services, {
      workspaceId: ctx.workspace.workspaceId,
      actorId: ctx.userId,
      accountId: input.accountId,
    }),
  );
