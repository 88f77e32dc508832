import { listAccounts as listAccountsOf } from "@adsconnect/accounts";

import { protectedProcedure } from "../../trpc";

/** The signed-in person's Amazon accounts with status, regions and profiles. Never a token. */
export const listAccounts = protectedProcedure.query(({ ctx }) =>
  listAccountsOf(ctx.db, { userId: ctx.userId }),
);
