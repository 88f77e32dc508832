import { AdsConnectError } from "@adsconnect/errors";

import { API_KEY_MESSAGE, apiKeyProcedure } from "../../trpc";

/**
 * Which workspace the presented API key acts for, and which key it is: lets an internal app
 * check its configuration with one call.
 */
export const getKeyOwner = apiKeyProcedure.query(async ({ ctx }) => {
  const workspace = await ctx.db.workspace.findUnique({
    where: { id: ctx.workspaceId },
    select: { id: true, name: true, kind: true },
  });
  // The key row goes with its workspace (cascade); only a concurrent deletion gets here.
  if (!workspace) throw new AdsConnectError("unauthorized", API_KEY_MESSAGE);
  return {
    workspace,
    apiKey: {
      id: ctx.apiKey.id,
      name: ctx.apiKey.name,
      prefix: ctx.apiKey.prefix,
      permissions: ctx.apiKey.permissions,
      /** null: every account of the workspace. */
      accountIds: ctx.apiKey.accountIds,
      expiresAt: ctx.apiKey.expiresAt,
    },
  };
});
