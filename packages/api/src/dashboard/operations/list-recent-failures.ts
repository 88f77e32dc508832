import { readRecentFailures } from "@adsconnect/operations";
import { z } from "zod";

import { adminProcedure } from "../../trpc";

export const recentFailuresInput = z.object({
  /** How many, newest first, 1–100. Default 20. */
  limit: z.number().int().min(1, "must be 1–100").max(100, "must be 1–100").default(20),
});

/**
 * The latest refresh failures across all tenants: time, Amazon's error code and request id.
 * No email, account name, account id or token.
 */
export const listRecentFailures = adminProcedure
  .input(recentFailuresInput)
  .query(({ ctx, input }) => readRecentFailures(ctx.services.pool, input.limit));
