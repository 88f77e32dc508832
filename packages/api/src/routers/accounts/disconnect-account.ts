import { disconnectAccount as disconnectAccountOf } from "@adsconnect/accounts";

import { requireServices } from "../../context";
import { protectedProcedure } from "../../trpc";
import { accountIdInput } from "./inputs";

/** Erases the account's tokens and marks it disconnected; its history stays. */
export const disconnectAccount = protectedProcedure
  .input(accountIdInput)
  .mutation(({ ctx, input }) => {
    const { vault, amazon } = requireServices(ctx);
    return disconnectAccountOf(
      { db: ctx.db, vault, amazon, logger: ctx.logger },
      { userId: ctx.userId, accountId: input.accountId },
    );
  });
