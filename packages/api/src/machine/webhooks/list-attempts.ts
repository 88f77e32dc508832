import { listAttempts as listAttemptsOf } from "@adsconnect/webhooks/endpoints";

import { listAttemptsInput } from "../../domain/webhooks/inputs";
import { keyProcedure } from "../../trpc";

/** The endpoint's delivery attempts, newest first, 50 a page. Needs `webhooks:manage`. */
export const listAttempts = keyProcedure("webhooks:manage")
  .input(listAttemptsInput)
  .query(({ ctx, input }) =>
    listAttemptsOf(ctx.db, ctx.apiKey.workspaceId, {
      endpointId: input.endpointId,
      cursor: input.cursor ?? undefined,
    }),
  );
