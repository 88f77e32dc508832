import { sendTestEvent as sendTestEventOf } from "@adsconnect/webhooks/endpoints";

import { endpointIdInput } from "../../domain/webhooks/inputs";
import { keyProcedure } from "../../trpc";

/** Queues a `webhook.test` event for the endpoint. Needs `webhooks:manage`. */
export const sendTestEvent = keyProcedure("webhooks:manage")
  .input(endpointIdInput)
  .mutation(({ ctx, input }) =>
    sendTestEventOf(ctx.services, ctx.apiKey.workspaceId, input.endpointId),
  );
