import { workspaceProcedure } from "../../trpc";

/**
 * The workspace this request acts in, the person's role there, and whether they may manage its
 * members here (an admin of a local workspace; Clerk Organizations are managed in Clerk, and a
 * personal workspace has nobody to add).
 */
export const getCurrentWorkspace = workspaceProcedure.query(({ ctx }) => ({
  ...ctx.workspace,
  canManageMembers: ctx.workspace.role === "admin" && ctx.workspace.kind === "local",
}));
