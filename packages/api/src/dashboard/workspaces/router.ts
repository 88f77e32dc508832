import { router } from "../../trpc";
import { addMember } from "./add-member";
import { changeMemberRole } from "./change-member-role";
import { createWorkspace } from "./create-workspace";
import { getCurrentWorkspace } from "./get-current-workspace";
import { listMembers } from "./list-members";
import { listWorkspaces } from "./list-workspaces";
import { removeMember } from "./remove-member";

export const workspacesRouter = router({
  list: listWorkspaces,
  current: getCurrentWorkspace,
  members: listMembers,
  create: createWorkspace,
  addMember,
  changeRole: changeMemberRole,
  removeMember,
});
