export { notAMemberMessage } from "./messages";
export { ensurePersonalWorkspace, PERSONAL_WORKSPACE_NAME } from "./personal-workspace";
export {
  resolveWorkspace,
  type SessionOrganization,
  type WorkspaceSelection,
} from "./resolve-workspace";
export {
  mayReconnect,
  RECONNECTABLE_BY_MEMBERS,
  requireAdmin,
  type WorkspaceAccess,
  type WorkspaceKind,
  type WorkspaceRole,
} from "./roles";
