import { getAccessToken as handOut } from "@adsconnect/tokens/get-access-token";
import { z } from "zod";

import { apiKeyProcedure } from "../../trpc";

export const getAccessTokenInput = z.object({
  accountId: z.uuid({ error: "must be an account id from accounts.list" }),
});

/**
 * A fresh access token for one of the key owner's accounts, with what an
 * internal app needs to call the Ads API: the client id, the region and its
 * Ads API base URL. Valid for at least 60 s; refreshed inline (once, across
 * every process) when closer to expiry.
 *
 * Machine router only: a browser session never reads a token (the dashboard shows an
 * account's health, never its tokens).
 *
 * NOT_FOUND: no such account, or not the key owner's (the same answer).
 * PRECONDITION_FAILED: the owner must reconnect it (reauth_required or disconnected).
 * SERVICE_UNAVAILABLE: it ran out and Amazon did not renew it just now; retry shortly.
 * (The hand-out's errors, mapped by kind in src/error-boundary.ts.)
 */
export const getAccessToken = apiKeyProcedure
  .input(getAccessTokenInput)
  .query(({ ctx, input }) =>
    handOut(ctx.services, { accountId: input.accountId, userId: ctx.userId }),
  );
