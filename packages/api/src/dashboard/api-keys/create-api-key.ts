import { z } from "zod";

import { issueApiKey } from "../../domain/api-keys/issue-api-key";
import { API_KEY_PERMISSIONS } from "../../domain/api-keys/scopes";
import { protectedProcedure } from "../../trpc";

const NAME_LENGTH = "must be 1–64 characters";

export const createApiKeyInput = z.object({
  /** What the key is for, e.g. "reporting service"; trimmed. */
  name: z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") })
    .trim()
    .min(1, NAME_LENGTH)
    .max(64, NAME_LENGTH),
  /** What the key may do. Default: all three. */
  permissions: z
    .array(
      z.enum(API_KEY_PERMISSIONS, {
        error: `must be one of ${API_KEY_PERMISSIONS.join(", ")}`,
      }),
    )
    .min(1, "must name at least one permission")
    .optional(),
  /** Only these of the person's accounts. Default (omitted or null): all of them. */
  accountIds: z
    .array(z.uuid({ error: "must be an account id from accounts.list" }))
    .min(1, "must name at least one account, or be left out for all of them")
    .max(100, "must name at most 100 accounts")
    .nullable()
    .optional(),
  /** When the key stops working; must be in the future. Default (omitted or null): never. */
  expiresAt: z
    .date({ error: "must be a date" })
    .refine((date) => date.getTime() > Date.now(), "must be in the future")
    .nullable()
    .optional(),
});

/**
 * Creates a key for the signed-in person, with the permissions, accounts and expiry
 * chosen (defaults: every permission, every account, no expiry). The response holds
 * the secret; it is never shown again. NOT_FOUND when an account id is not theirs.
 */
export const createApiKey = protectedProcedure
  .input(createApiKeyInput)
  .mutation(({ ctx, input }) => issueApiKey(ctx.db, { userId: ctx.userId, ...input }));
