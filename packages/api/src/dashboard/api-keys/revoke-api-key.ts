import { z } from "zod";

import { revokeApiKey as revokeApiKeyOf } from "../../domain/api-keys/revoke-api-key";
import { protectedProcedure } from "../../trpc";

export const revokeApiKeyInput = z.object({
  /** The key's `id` from `apiKeys.list` (not its prefix). */
  id: z.uuid({ error: "must be an API key id from apiKeys.list" }),
});

/**
 * Revokes one of the signed-in person's keys; calls with it fail from then on.
 * Another person's key id gets NOT_FOUND, exactly like an unknown one.
 */
export const revokeApiKey = protectedProcedure
  .input(revokeApiKeyInput)
  .mutation(({ ctx, input }) => revokeApiKeyOf(ctx.db, { userId: ctx.userId, id: input.id }));
