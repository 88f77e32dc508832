import { listAttempts as listAttemptsOf } from "@adsconnect/webhooks/endpoints";

import { listAttemptsInput } from "../../domain/webhooks/inputs";
import { workspaceProcedure } from "../../trpc";

/** The endpoint's delivery attempts, newest first, 50 a page. Members too. */
export const listAttempts = workspaceProcedure.input(listAttemptsInput).query(({ ctx, input }) =>
  listAttemptsOf(ctx.db, ctx.workspace.workspaceId, {
    endpointId: input.endpointId,
    cursor: input.cursor ?? undefined,
  }),
);
