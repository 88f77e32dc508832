import { replayMessage as replayMessageOf } from "@adsconnect/webhooks/endpoints";

import { replayMessageInput } from "../../domain/webhooks/inputs";
import { keyProcedure } from "../../trpc";

/** Sends a message (one event to one endpoint) again, now. Needs `webhooks:manage`. */
export const replayMessage = keyProcedure("webhooks:manage")
  .input(replayMessageInput)
  .mutation(({ ctx, input }) =>
    replayMessageOf(ctx.services, ctx.apiKey.workspaceId, input.messageId),
  );
