import { decodeActivityCursor, listActivity as listActivityOf } from "@adsconnect/accounts";
import { z } from "zod";

import { workspaceProcedure } from "../../trpc";
import { activityTypeInput, optionalAccountIdInput } from "./inputs";

export const listActivityInput = z.object({
  /** Only this account's events. Another workspace's account id is NOT_FOUND, as an unknown one. Default: every event. */
  accountId: optionalAccountIdInput,
  /** Only these event types. Default: every type. */
  types: z.array(activityTypeInput).max(20, "must list at most 20 types").optional(),
  /** `nextCursor` from the previous page. Default: the newest events. */
  cursor: z
    .string()
    .max(200)
    .refine(
      (value) => decodeActivityCursor(value) !== null,
      "must be a nextCursor from activity.list",
    )
    .nullish(),
  /** Events per page, 1–100. Default 50. */
  limit: z.number().int().min(1, "must be 1–100").max(100, "must be 1–100").default(50),
});

/**
 * The workspace's audit trail, newest first, a page at a time; each item names who did it
 * (`actor`: null for adsconnect's own doings).
 */
export const listActivity = workspaceProcedure.input(listActivityInput).query(({ ctx, input }) => {
  const cursor = input.cursor ? decodeActivityCursor(input.cursor) : null;
  return listActivityOf(ctx.db, {
    workspaceId: ctx.workspace.workspaceId,
    limit: input.limit,
    ...(input.accountId ? { accountId: input.accountId } : {}),
    ...(input.types ? { types: input.types } : {}),
    ...(cursor ? { cursor } : {}),
  });
});
