// The audit event types the activity reads filter by: the list and the union are
// @adsconnect/db/activity's (beside the writer and each type's details), re-exported here for the
// dashboard, which imports this file.
import type { ActivityType } from "@adsconnect/db/activity";

export { ACTIVITY_TYPES, type ActivityType } from "@adsconnect/db/activity";

/**
 * Audit types that count as a successful refresh in the health chart. Every
 * refresh writes token_refreshed (a recovery writes "recovered" beside it),
 * so "recovered" is not counted again.
 */
export const REFRESH_SUCCESS_TYPES = ["token_refreshed"] as const satisfies readonly ActivityType[];
/** Audit types that count as a failed refresh in the health chart. */
export const REFRESH_FAILURE_TYPES = [
  "token_refresh_failed",
  "reauth_required",
] as const satisfies readonly ActivityType[];
