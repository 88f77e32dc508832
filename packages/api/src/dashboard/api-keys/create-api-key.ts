import { z } from "zod";

import { issueApiKey } from "../../domain/api-keys/issue-api-key";
import { API_KEY_PERMISSIONS } from "../../domain/api-keys/scopes";
import { workspaceAdminProcedure } from "../../trpc";

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
  /** Only these of the workspace's accounts. Default (omitted or null): all of them. */
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
  /**
   * True: the key stops working the moment its creator is no longer an active member of the
   * workspace. Default false: it belongs to the workspace and outlives its creator's membership.
   */
  boundToCreator: z.boolean({ error: "must be true or false" }).default(false),
});

/**
 * Creates a key for the workspace, with the permissions, accounts, expiry and binding chosen
 * (defaults: every permission, every account, no expiry, not bound). The response holds the
 * secret; it is never shown again. Admins only (FORBIDDEN for a member, naming the workspace).
 * NOT_FOUND when an account id is not the workspace's.
 */
export const createApiKey = workspaceAdminProcedure("create API keys")
  .input(createApiKeyInput)
  .mutation(({ ctx, input }) =>
    issueApiKey(ctx.db, {
      workspaceId: ctx.workspace.workspaceId,
      createdById: ctx.userId,
      ...input,
    }),
  );
