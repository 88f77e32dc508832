import { replayMessage as replayMessageOf } from "@adsconnect/webhooks/endpoints";

import { replayMessageInput } from "../../domain/webhooks/inputs";
import { webhookKeyProcedure } from "./webhook-key-procedure";

/** Sends a message (one event to one endpoint) again, now. Needs `webhooks:manage` on a key for every account. */
export const replayMessage = webhookKeyProcedure
  .input(replayMessageInput)
  .mutation(({ ctx, input }) =>
    replayMessageOf(ctx.services, ctx.apiKey.workspaceId, input.messageId),
  );
