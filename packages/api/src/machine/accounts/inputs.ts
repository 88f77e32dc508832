import { z } from "zod";

/** Amazon's profile id, a 64-bit integer: sent as a string of digits, never a JS number. */
export const profileIdInput = z
  .string()
  .regex(/^[0-9]{1,20}$/, { error: "must be a profile id (digits) from accounts.get" });

export const MAX_PAGE_SIZE = 100;

export const pageInput = {
  /** Items per page, 1–100. Default 50. */
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  /** The previous page's `nextCursor`; omit for the first page. */
  cursor: z.uuid({ error: "must be a nextCursor from the previous page" }).optional(),
};
