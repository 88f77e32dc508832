import { disconnectAccount as disconnectAccountOf } from "@adsconnect/accounts";

import { protectedProcedure } from "../../trpc";
import { accountIdInput } from "./inputs";

/** Erases the account's tokens and marks it disconnected; its history stays. */
export const disconnectAccount = protectedProcedure
  .input(accountIdInput)
  .mutation(({ ctx, input }) =>
    disconnectAccountOf(ctx.services, { userId: ctx.userId, accountId: input.accountId }),
  );
