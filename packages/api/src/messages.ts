/** What a dashboard procedure answers a caller who is not signed in (UNAUTHORIZED). */
export const SIGN_IN_MESSAGE = "Sign in to continue.";

/** What a machine procedure answers a caller without an active API key (UNAUTHORIZED). */
export const API_KEY_MESSAGE = "Send an active API key as `Authorization: Bearer <key>`.";
