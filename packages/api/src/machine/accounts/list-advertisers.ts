import { listDspAdvertisersPage } from "@adsconnect/accounts";
import { z } from "zod";

import { keyAccountProcedure } from "../../trpc";
import { pageInput, profileIdInput } from "./inputs";

export const listAdvertisersInput = z.object({
  /** Only this profile's advertisers (Amazon's profile id, digits). Default: every profile's. */
  profileId: profileIdInput.optional(),
  ...pageInput,
});

/**
 * One page of an account's DSP advertisers (`input.accountId`): `{ items, nextCursor }`,
 * each with the profile (id, region) it is reached through. An agency can have hundreds.
 *
 * Needs `accounts:read` (FORBIDDEN otherwise).
 * NOT_FOUND: no such account, another workspace's, or outside the key's accounts (the same answer).
 */
export const listAdvertisers = keyAccountProcedure("accounts:read")
  .input(listAdvertisersInput)
  .query(({ ctx, input }) =>
    listDspAdvertisersPage(ctx.db, {
      workspaceId: ctx.workspaceId,
      accountId: input.accountId,
      profileId: input.profileId === undefined ? undefined : BigInt(input.profileId),
      limit: input.limit,
      cursor: input.cursor,
    }),
  );
