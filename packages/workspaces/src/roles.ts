import { AdsConnectError } from "@adsconnect/errors";

/** admin: connect, reconnect, disconnect, manage keys and members. member: view, reconnect what needs it. */
export type WorkspaceRole = "admin" | "member";
export type WorkspaceKind = "personal" | "organization" | "local";

/** The workspace a request acts in, and the caller's role there. */
export interface WorkspaceAccess {
  workspaceId: string;
  kind: WorkspaceKind;
  name: string;
  role: WorkspaceRole;
}

/** Account statuses a member may reconnect (an admin may reconnect any account). */
export const RECONNECTABLE_BY_MEMBERS = ["refresh_failing", "reauth_required"] as const;

/**
 * Refuses (FORBIDDEN, saying whom to ask) anyone but the workspace's admins. `action` finishes
 * "Only an admin of <workspace> can …", e.g. "connect an Amazon account".
 */
export function requireAdmin(access: WorkspaceAccess, action: string): void {
  if (access.role === "admin") return;
  throw new AdsConnectError(
    "forbidden",
    `Only an admin of ${access.name} can ${action}. Ask one of its admins to do it, or to make you an admin.`,
  );
}

/** Whether the caller may reconnect an account in `status`: admins always, members when it needs it. */
export function mayReconnect(access: WorkspaceAccess, status: string): boolean {
  return (
    access.role === "admin" || (RECONNECTABLE_BY_MEMBERS as readonly string[]).includes(status)
  );
}
