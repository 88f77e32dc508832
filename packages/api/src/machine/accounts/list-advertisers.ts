import { listDspAdvertisersPage } from "@adsconnect/accounts";
import { z } from "zod";

import { apiKeyProcedure } from "../../trpc";
import { accountIdInput, pageInput, profileIdInput } from "./inputs";

export const listAdvertisersInput = z.object({
  accountId: accountIdInput,
  /** Only this profile's advertisers (Amazon's profile id, digits). Default: every profile's. */
  profileId: profileIdInput.optional(),
  ...pageInput,
});

/**
 * One page of an account's DSP advertisers: `{ items, nextCursor }`, each with
 * the profile (id, region) it is reached through. An agency can have hundreds.
 *
 * NOT_FOUND: no such account, or not the key owner's (the same answer).
 */
export const listAdvertisers = apiKeyProcedure.input(listAdvertisersInput).query(({ ctx, input }) =>
  listDspAdvertisersPage(ctx.db, {
    userId: ctx.userId,
    accountId: input.accountId,
    profileId: input.profileId === undefined ? undefined : BigInt(input.profileId),
    limit: input.limit,
    cursor: input.cursor,
  }),
);
