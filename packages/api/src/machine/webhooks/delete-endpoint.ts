import { deleteEndpoint as deleteEndpointOf } from "@adsconnect/webhooks/endpoints";

import { endpointIdInput } from "../../domain/webhooks/inputs";
import { webhookKeyProcedure } from "./webhook-key-procedure";

/** Deletes an endpoint and its attempts log. Needs `webhooks:manage` on a key for every account. */
export const deleteEndpoint = webhookKeyProcedure
  .input(endpointIdInput)
  .mutation(({ ctx, input }) =>
    deleteEndpointOf(ctx.db, ctx.apiKey.workspaceId, input.endpointId).then(() => ({
      deleted: true as const,
    })),
  );
