import { getAccountOverview } from "@adsconnect/accounts";
import { z } from "zod";

import { apiKeyProcedure } from "../../trpc";
import { accountIdInput } from "./inputs";
import { presentAccount } from "./present";

export const getAccountInput = z.object({ accountId: accountIdInput });

/**
 * One of the key owner's accounts: status, Amazon user, consent age and dates,
 * profiles grouped by region (each with its DSP advertiser count; list the
 * advertisers with accounts.advertisers). Never a token.
 *
 * NOT_FOUND: no such account, or not the key owner's (the same answer).
 */
export const getAccount = apiKeyProcedure
  .input(getAccountInput)
  .query(async ({ ctx, input }) =>
    presentAccount(
      await getAccountOverview(ctx.db, { userId: ctx.userId, accountId: input.accountId }),
      ctx.services.now(),
    ),
  );
