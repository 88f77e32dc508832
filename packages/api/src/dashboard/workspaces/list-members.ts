import { listMembers as listMembersOf } from "@adsconnect/workspaces";

import { workspaceProcedure } from "../../trpc";

/** The current workspace's members (name, email, role, when they joined); any member may look. */
export const listMembers = workspaceProcedure.query(({ ctx }) =>
  listMembersOf(ctx.db, ctx.workspace.workspaceId),
);
