import { listApiKeys as listApiKeysOf } from "../../domain/api-keys/list-api-keys";
import { workspaceProcedure } from "../../trpc";

/**
 * The workspace's keys, revoked ones included, newest first, with who created each. Never a
 * secret or a hash. Members see them too.
 */
export const listApiKeys = workspaceProcedure.query(({ ctx }) =>
  listApiKeysOf(ctx.db, ctx.workspace.workspaceId),
);
