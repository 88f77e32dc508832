import { z } from "zod";

import { issueApiKey } from "../../domain/api-keys/issue-api-key";
import { protectedProcedure } from "../../trpc";

const NAME_LENGTH = "must be 1–64 characters";

export const createApiKeyInput = z.object({
  /** What the key is for, e.g. "reporting service"; trimmed. */
  name: z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") })
    .trim()
    .min(1, NAME_LENGTH)
    .max(64, NAME_LENGTH),
});

/** Creates a key for the signed-in person. The response holds the secret; it is never shown again. */
export const createApiKey = protectedProcedure
  .input(createApiKeyInput)
  .mutation(({ ctx, input }) => issueApiKey(ctx.db, { userId: ctx.userId, name: input.name }));
