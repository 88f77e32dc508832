/** What a dashboard procedure answers a caller who is not signed in (UNAUTHORIZED). */
export const SIGN_IN_MESSAGE = "Sign in to continue.";

/** What a machine procedure answers a caller without an active API key (UNAUTHORIZED). */
export const API_KEY_MESSAGE = "Send an active API key as `Authorization: Bearer <key>`.";

/**
 * What a dashboard procedure answers a session issued before its person's data was erased
 * (UNAUTHORIZED): that session is over; signing in again starts afresh.
 */
export const ERASED_SESSION_MESSAGE =
  "Your data was deleted and this session has ended. Sign in again to start afresh.";

/** What the person types to confirm "Delete my data" (the dialog and the procedure check it). */
export const DELETE_MY_DATA_CONFIRMATION = "delete my data";
