import { getRefreshHealth as getRefreshHealthOf } from "@adsconnect/accounts";
import { z } from "zod";

import { workspaceProcedure } from "../../trpc";
import { accountIdInput } from "../accounts/inputs";

export const refreshHealthInput = accountIdInput.extend({
  /** Days to cover, today included, 1–90. Default 14. */
  days: z.number().int().min(1, "must be 1–90").max(90, "must be 1–90").default(14),
});

/** One account's refresh successes and failures per UTC day, from its audit trail. */
export const getRefreshHealth = workspaceProcedure
  .input(refreshHealthInput)
  .query(({ ctx, input }) =>
    getRefreshHealthOf(ctx.db, {
      workspaceId: ctx.workspace.workspaceId,
      accountId: input.accountId,
      days: input.days,
    }),
  );
