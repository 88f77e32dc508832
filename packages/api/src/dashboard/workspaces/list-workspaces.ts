import { listWorkspacesOf } from "@adsconnect/workspaces";

import { protectedProcedure } from "../../trpc";

/**
 * The workspaces the signed-in person may switch to, with their role in each: their personal
 * workspace first, then the others by name. Not tied to the current workspace, so the switcher
 * still works when that one was taken away.
 */
export const listWorkspaces = protectedProcedure.query(({ ctx }) =>
  listWorkspacesOf(ctx.db, ctx.userId),
);
