"use client";

import { createContext, useContext } from "react";

/** The workspace the dashboard shows and the person's role there (decided on the server). */
export interface WorkspaceRoleInfo {
  name: string;
  kind: "personal" | "organization" | "local";
  role: "admin" | "member";
}

const CurrentWorkspace = createContext<WorkspaceRoleInfo | null>(null);

/** Given by the dashboard layout, from `workspaces.current`. */
export function CurrentWorkspaceProvider({
  workspace,
  children,
}: {
  workspace: WorkspaceRoleInfo | null;
  children: React.ReactNode;
}) {
  return <CurrentWorkspace.Provider value={workspace}>{children}</CurrentWorkspace.Provider>;
}

/**
 * Whether the person is an admin of the current workspace: only admins are shown the controls
 * for what only they may do (connect, disconnect, API keys). The server refuses the rest anyway.
 */
export function useIsWorkspaceAdmin(): boolean {
  return useContext(CurrentWorkspace)?.role === "admin";
}

export function useCurrentWorkspace(): WorkspaceRoleInfo | null {
  return useContext(CurrentWorkspace);
}

/** Statuses a member may reconnect (as @adsconnect/workspaces' RECONNECTABLE_BY_MEMBERS). */
const RECONNECTABLE_BY_MEMBERS: readonly string[] = ["refresh_failing", "reauth_required"];

/** Whether the person may reconnect an account in `status`: admins always, members when it needs it. */
export function useMayReconnect(status: string): boolean {
  const admin = useIsWorkspaceAdmin();
  return admin || RECONNECTABLE_BY_MEMBERS.includes(status);
}
