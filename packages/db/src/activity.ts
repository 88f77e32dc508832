// The activity trail (`audit_events`): every line's type and what its `details` hold, and the one
// writer for Prisma callers. It lives here, in the package at the bottom of the graph, because its
// writers sit on three levels of it: @adsconnect/workspaces (membership), @adsconnect/accounts
// (connections, erasure) and @adsconnect/api (API keys) all depend on @adsconnect/db and on nothing
// above each other in the right direction, and @adsconnect/tokens (batched raw SQL) takes only the
// types. Type-only imports: browser-safe, like this package's index.
import type { AuditEventType, WorkspaceRole } from "./generated/prisma/enums";
import type { Prisma } from "./generated/prisma/client";

/**
 * What each type's `details` hold. People are named by user id only (no email or name): a line
 * outlives an erased person's data. `source: "clerk"` marks a change Clerk's webhooks made.
 */
export type ActivityDetails = OneEntryPerType<{
  account_connected: ConnectionDetails;
  account_reconnected: ConnectionDetails;
  account_disconnected: { at: string };
  token_refreshed: { expiresAt: string };
  token_refresh_failed: {
    kind: string;
    code: string | null;
    /** Amazon's request id (x-amzn-RequestId), for the operator's page and Amazon support. */
    requestId: string | null;
    consecutiveFailures: number;
    /** The mass-revocation breaker held the grant instead of erasing it. */
    held?: true;
  };
  reauth_required: { reason: string; code: string | null; requestId: string | null };
  recovered: { afterFailures: number };
  profiles_synced: DiscoverySummary;
  consent_expiring: { consentedAt: string; possibleExpiry: string };
  api_key_created: ApiKeyDetails;
  api_key_revoked: ApiKeyDetails;
  workspace_created: { name: string };
  member_added: MemberDetails;
  member_role_changed: MemberDetails & {
    previousRole: WorkspaceRole;
    /** Why the system changed it (no actor): the last admin was erased. */
    reason?: "last_admin_erased";
  };
  member_removed: MemberDetails;
  webhook_endpoint_disabled: { endpointId: string; url: string; reason: string };
}>;

/** Compiles only when `T` has an entry for each of the schema's AuditEventType and no other. */
type OneEntryPerType<
  T extends Record<AuditEventType, object> & Record<Exclude<keyof T, AuditEventType>, never>,
> = T;

interface DiscoverySummary {
  profiles: number;
  advertisers: number;
  failedRegions: string[];
}

interface ConnectionDetails extends DiscoverySummary {
  consentRegion: string;
}

interface ApiKeyDetails {
  apiKeyId: string;
  prefix: string;
  name: string;
}

interface MemberDetails {
  memberId: string;
  role: WorkspaceRole;
  source?: "clerk";
}

/** An activity line's type: the schema's AuditEventType. */
export type ActivityType = AuditEventType;

/** `types` as given; compiles only when they name every activity type. */
function listingEvery<const T extends readonly ActivityType[]>(
  types: T & ([Exclude<ActivityType, T[number]>] extends [never] ? unknown : "missing a type"),
): T {
  return types;
}

/** Every activity type, in the schema's order (the dashboard's filter lists them). */
export const ACTIVITY_TYPES = listingEvery([
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
]);

/** One line of a given type, its details shaped by it (a union over `T`, so each type checks its own). */
export type ActivityEvent<T extends ActivityType = ActivityType> = {
  [K in T]: { type: K; details: ActivityDetails[K] };
}[T];

/**
 * Appends one activity line in the caller's transaction. `actorId` is who did it: null for the
 * system's own doings (the worker, Clerk's webhooks, erasure's promotions).
 */
export async function recordActivity(
  tx: Pick<Prisma.TransactionClient, "auditEvent">,
  event: ActivityEvent & { workspaceId: string; actorId: string | null; accountId?: string },
): Promise<void> {
  // Each shape above is plain JSON: the cast only drops the index signature Prisma asks for.
  const { details, ...line } = event;
  await tx.auditEvent.create({ data: { ...line, details: details as Prisma.InputJsonObject } });
}
