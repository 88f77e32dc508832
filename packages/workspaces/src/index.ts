export { addMemberByEmail, type AddMemberResult } from "./add-member";
export { changeMemberRole } from "./change-member-role";
export {
  applyClerkOrganizationEvent,
  CLERK_ORGANIZATION_EVENTS,
  isClerkOrganizationEvent,
  type ClerkOrganizationEventType,
  type ClerkOrganizationOutcome,
} from "./clerk-organization-events";
export { createLocalWorkspace } from "./create-local-workspace";
export { findMember, listMembers, type WorkspaceMember } from "./list-members";
export { leaveLocalWorkspaces } from "./leave-local-workspaces";
export { listWorkspacesOf, type WorkspaceSummary } from "./list-workspaces";
export type { MemberChange } from "./member-changes";
export {
  lastAdminMessage,
  localWorkspacesOnlyMessage,
  membersNotManagedHereMessage,
  noSuchMemberMessage,
  notAMemberMessage,
} from "./messages";
export { ensurePersonalWorkspace, PERSONAL_WORKSPACE_NAME } from "./personal-workspace";
export { removeMember } from "./remove-member";
export {
  resolveWorkspace,
  type SessionOrganization,
  type WorkspaceSelection,
} from "./resolve-workspace";
export {
  workspaceRowsFromJson,
  workspaceRowsSql,
  type RowsSelection,
  type WorkspaceRows,
} from "./workspace-rows";
export {
  mayReconnect,
  RECONNECTABLE_BY_MEMBERS,
  requireAdmin,
  type WorkspaceAccess,
  type WorkspaceKind,
  type WorkspaceRole,
} from "./roles";
