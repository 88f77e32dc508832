import { AdsConnectError } from "@adsconnect/errors";

import { getUserProfile } from "../../domain/users/get-user-profile";
import { API_KEY_MESSAGE, apiKeyProcedure } from "../../trpc";

/**
 * Which person the presented API key acts for, and which key it is: lets an
 * internal app check its configuration with one call.
 */
export const getKeyOwner = apiKeyProcedure.query(async ({ ctx }) => {
  const user = await getUserProfile(ctx.db, ctx.userId);
  // The key row goes with its person (cascade); only a concurrent deletion gets here.
  if (!user) throw new AdsConnectError("unauthorized", API_KEY_MESSAGE);
  return {
    user: { id: user.id, email: user.email, name: user.name },
    apiKey: {
      id: ctx.apiKey.id,
      name: ctx.apiKey.name,
      prefix: ctx.apiKey.prefix,
      permissions: ctx.apiKey.permissions,
      /** null: every account of the owner. */
      accountIds: ctx.apiKey.accountIds,
      expiresAt: ctx.apiKey.expiresAt,
    },
  };
});
