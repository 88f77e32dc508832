import { listAttempts as listAttemptsOf } from "@adsconnect/webhooks/endpoints";

import { listAttemptsInput } from "../../domain/webhooks/inputs";
import { webhookKeyProcedure } from "./webhook-key-procedure";

/** The endpoint's delivery attempts, newest first, 50 a page. Needs `webhooks:manage` on a key for every account. */
export const listAttempts = webhookKeyProcedure.input(listAttemptsInput).query(({ ctx, input }) =>
  listAttemptsOf(ctx.db, ctx.apiKey.workspaceId, {
    endpointId: input.endpointId,
    cursor: input.cursor ?? undefined,
  }),
);
