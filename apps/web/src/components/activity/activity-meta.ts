import { ACTIVITY_TYPES, type ActivityType } from "@adsconnect/accounts/activity-types";
import {
  CircleAlert,
  CircleCheck,
  CircleOff,
  Clock,
  KeyRound,
  KeySquare,
  Link2,
  RefreshCcw,
  RefreshCwOff,
  RotateCcw,
  ShieldCheck,
  UserMinus,
  UserPlus,
  UserCog,
  Users,
  WebhookOff,
  type LucideIcon,
} from "lucide-react";

export type { ActivityType };

/** Every type, in the order the filter lists them (the API's own list, browser-safe). */
export const ACTIVITY_TYPE_ORDER: readonly ActivityType[] = ACTIVITY_TYPES;

type Tone = "success" | "warning" | "destructive" | "muted" | "brand";

export const ACTIVITY_META: Record<ActivityType, { label: string; Icon: LucideIcon; tone: Tone }> =
  {
    account_connected: { label: "Account connected", Icon: Link2, tone: "success" },
    account_reconnected: { label: "Account reconnected", Icon: RotateCcw, tone: "success" },
    account_disconnected: { label: "Account disconnected", Icon: CircleOff, tone: "muted" },
    token_refreshed: { label: "Token refreshed", Icon: RefreshCcw, tone: "success" },
    token_refresh_failed: { label: "Refresh failed", Icon: RefreshCwOff, tone: "warning" },
    reauth_required: { label: "Reauthorization needed", Icon: CircleAlert, tone: "destructive" },
    recovered: { label: "Recovered", Icon: CircleCheck, tone: "success" },
    profiles_synced: { label: "Profiles synced", Icon: ShieldCheck, tone: "brand" },
    consent_expiring: { label: "Consent expiring", Icon: Clock, tone: "warning" },
    api_key_created: { label: "API key created", Icon: KeyRound, tone: "brand" },
    api_key_revoked: { label: "API key revoked", Icon: KeySquare, tone: "muted" },
    workspace_created: { label: "Workspace created", Icon: Users, tone: "brand" },
    member_added: { label: "Member added", Icon: UserPlus, tone: "brand" },
    member_role_changed: { label: "Role changed", Icon: UserCog, tone: "muted" },
    member_removed: { label: "Member removed", Icon: UserMinus, tone: "muted" },
    webhook_endpoint_disabled: {
      label: "Webhook endpoint disabled",
      Icon: WebhookOff,
      tone: "destructive",
    },
  };

export const TONE_CLASSES: Record<Tone, string> = {
  success: "bg-success/10 text-success",
  warning: "bg-warning/10 text-warning",
  destructive: "bg-destructive/10 text-destructive",
  muted: "bg-muted text-muted-foreground",
  brand: "bg-brand/10 text-brand",
};

const n = (value: unknown) => (typeof value === "number" ? value : null);
const s = (value: unknown) => (typeof value === "string" ? value : null);
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** One line about what happened, from the event's details (only fields known to be safe to show). */
export function describeActivity(
  type: ActivityType,
  details: Record<string, unknown>,
): string | null {
  switch (type) {
    case "account_connected":
    case "account_reconnected":
    case "profiles_synced": {
      const profiles = n(details.profiles);
      const advertisers = n(details.advertisers);
      const parts = [
        profiles === null ? null : plural(profiles, "profile"),
        advertisers ? plural(advertisers, "DSP advertiser") : null,
      ].filter(Boolean);
      const failed =
        Array.isArray(details.failedRegions) && details.failedRegions.length > 0
          ? ` · ${details.failedRegions.join(", ")} not reached`
          : "";
      const via = s(details.consentRegion)
        ? ` · via the ${s(details.consentRegion)} consent page`
        : "";
      return parts.length > 0 ? `${parts.join(", ")}${via}${failed}` : null;
    }
    case "token_refresh_failed": {
      const failures = n(details.consecutiveFailures);
      const kind = s(details.kind)?.replaceAll("_", " ");
      return (
        [
          kind ? `Amazon: ${kind}` : null,
          failures ? `${plural(failures, "failure")} in a row` : null,
        ]
          .filter(Boolean)
          .join(" · ") || null
      );
    }
    case "reauth_required":
      return "Amazon refused the grant; reconnect to restore access.";
    case "recovered": {
      const failures = n(details.afterFailures);
      return failures ? `Refreshing again after ${plural(failures, "failure")}` : null;
    }
    case "consent_expiring":
      return s(details.possibleExpiry)
        ? `Consent may lapse on ${new Date(s(details.possibleExpiry)!).toLocaleDateString()}; reconnect to renew it.`
        : null;
    case "api_key_created":
    case "api_key_revoked": {
      const name = s(details.name);
      const prefix = s(details.prefix);
      return [name ? `“${name}”` : null, prefix].filter(Boolean).join(" · ") || null;
    }
    case "webhook_endpoint_disabled":
      // The worker's reason: the whole retry schedule failed, with the last error.
      return s(details.reason);
    default:
      return null;
  }
}
