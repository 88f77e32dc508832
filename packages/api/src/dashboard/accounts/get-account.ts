import { getAccount as getAccountOf } from "@adsconnect/accounts";

import { protectedProcedure } from "../../trpc";
import { accountIdInput } from "./inputs";

/** One account with its profiles by region and its DSP advertisers. */
export const getAccount = protectedProcedure
  .input(accountIdInput)
  .query(({ ctx, input }) =>
    getAccountOf(ctx.db, { userId: ctx.userId, accountId: input.accountId }),
  );
