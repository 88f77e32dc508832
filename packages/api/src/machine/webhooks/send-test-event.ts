import { sendTestEvent as sendTestEventOf } from "@adsconnect/webhooks/endpoints";

import { endpointIdInput } from "../../domain/webhooks/inputs";
import { webhookKeyProcedure } from "./webhook-key-procedure";

/** Queues a `webhook.test` event for the endpoint. Needs `webhooks:manage` on a key for every account. */
export const sendTestEvent = webhookKeyProcedure
  .input(endpointIdInput)
  .mutation(({ ctx, input }) =>
    sendTestEventOf(ctx.services, ctx.apiKey.workspaceId, input.endpointId),
  );
