import { z } from "zod";

import { revokeApiKey as revokeApiKeyOf } from "../../domain/api-keys/revoke-api-key";
import { workspaceAdminProcedure } from "../../trpc";

export const revokeApiKeyInput = z.object({
  /** The key's `id` from `apiKeys.list` (not its prefix). */
  id: z.uuid({ error: "must be an API key id from apiKeys.list" }),
});

/**
 * Revokes one of the workspace's keys; calls with it fail from then on. Admins only. Another
 * workspace's key id gets NOT_FOUND, exactly like an unknown one.
 */
export const revokeApiKey = workspaceAdminProcedure("revoke API keys")
  .input(revokeApiKeyInput)
  .mutation(({ ctx, input }) =>
    revokeApiKeyOf(ctx.db, {
      workspaceId: ctx.workspace.workspaceId,
      actorId: ctx.userId,
      id: input.id,
    }),
  );
