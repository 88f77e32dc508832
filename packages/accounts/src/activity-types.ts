// The audit event types the activity reads filter by (the schema's AuditEventType).

export const ACTIVITY_TYPES = [
  "account_connected",
  "account_reconnected",
  "account_disconnected",
  "token_refreshed",
  "token_refresh_failed",
  "reauth_required",
  "recovered",
  "profiles_synced",
  "consent_expiring",
  "api_key_created",
  "api_key_revoked",
  "workspace_created",
  "member_added",
  "member_role_changed",
  "member_removed",
  "webhook_endpoint_disabled",
] as const;

export type ActivityType = (typeof ACTIVITY_TYPES)[number];

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
