import { replayMessage as replayMessageOf } from "@adsconnect/webhooks/endpoints";

import { replayMessageInput } from "../../domain/webhooks/inputs";
import { workspaceAdminProcedure } from "../../trpc";

/** Sends a message (one event to one endpoint) again, now. Admins only. */
export const replayMessage = workspaceAdminProcedure("replay webhook messages")
  .input(replayMessageInput)
  .mutation(({ ctx, input }) =>
    replayMessageOf(ctx.services, ctx.workspace.workspaceId, input.messageId),
  );
