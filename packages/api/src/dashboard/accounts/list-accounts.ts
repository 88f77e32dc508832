import { listAccounts as listAccountsOf } from "@adsconnect/accounts";

import { workspaceProcedure } from "../../trpc";

/**
 * The workspace's Amazon accounts with status, regions, profiles and who connected each
 * (`connectedBy`). Never a token.
 */
export const listAccounts = workspaceProcedure.query(({ ctx }) =>
  listAccountsOf(ctx.db, { workspaceId: ctx.workspace.workspaceId }),
);
