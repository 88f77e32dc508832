import { listApiKeys as listApiKeysOf } from "../../domain/api-keys/list-api-keys";
import { protectedProcedure } from "../../trpc";

/** The signed-in person's keys, revoked ones included, newest first. Never a secret or a hash. */
export const listApiKeys = protectedProcedure.query(({ ctx }) => listApiKeysOf(ctx.db, ctx.userId));
