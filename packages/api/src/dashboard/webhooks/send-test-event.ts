import { sendTestEvent as sendTestEventOf } from "@adsconnect/webhooks/endpoints";

import { endpointIdInput } from "../../domain/webhooks/inputs";
import { workspaceAdminProcedure } from "../../trpc";

/** Queues a `webhook.test` event for the endpoint; its attempt shows in listAttempts. Admins only. */
export const sendTestEvent = workspaceAdminProcedure("send webhook test events")
  .input(endpointIdInput)
  .mutation(({ ctx, input }) =>
    sendTestEventOf(ctx.services, ctx.workspace.workspaceId, input.endpointId),
  );
