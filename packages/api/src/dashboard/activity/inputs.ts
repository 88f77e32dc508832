import { ACTIVITY_TYPES } from "@adsconnect/accounts";
import { z } from "zod";

export const activityTypeInput = z.enum(ACTIVITY_TYPES, {
  error: `must be one of ${ACTIVITY_TYPES.join(", ")}`,
});

export const optionalAccountIdInput = z
  .uuid({ error: "must be an account id from accounts.list" })
  .optional();
