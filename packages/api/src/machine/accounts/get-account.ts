import { getAccountOverview } from "@adsconnect/accounts";

import { keyAccountProcedure } from "../../trpc";
import { presentAccount } from "./present";

/**
 * One of the key's workspace's accounts: status, Amazon user, consent age and dates,
 * profiles grouped by region (each with its DSP advertiser count; list the
 * advertisers with accounts.advertisers). Never a token.
 *
 * Needs `accounts:read` (FORBIDDEN otherwise).
 * NOT_FOUND: no such account, another workspace's, or outside the key's accounts (the same answer).
 */
export const getAccount = keyAccountProcedure("accounts:read").query(async ({ ctx, input }) =>
  presentAccount(
    await getAccountOverview(ctx.db, { workspaceId: ctx.workspaceId, accountId: input.accountId }),
    ctx.services.now(),
  ),
);
