import { getAccount as getAccountOf } from "@adsconnect/accounts";

import { workspaceProcedure } from "../../trpc";
import { accountIdInput } from "./inputs";

/**
 * One of the workspace's accounts with who connected it, its profiles by region and its DSP
 * advertisers. Another workspace's account is NOT_FOUND, as an unknown one.
 */
export const getAccount = workspaceProcedure
  .input(accountIdInput)
  .query(({ ctx, input }) =>
    getAccountOf(ctx.db, { workspaceId: ctx.workspace.workspaceId, accountId: input.accountId }),
  );
