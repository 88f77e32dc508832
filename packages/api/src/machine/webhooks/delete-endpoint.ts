import { deleteEndpoint as deleteEndpointOf } from "@adsconnect/webhooks/endpoints";

import { endpointIdInput } from "../../domain/webhooks/inputs";
import { keyProcedure } from "../../trpc";

/** Deletes an endpoint and its attempts log. Needs `webhooks:manage`. */
export const deleteEndpoint = keyProcedure("webhooks:manage")
  .input(endpointIdInput)
  .mutation(({ ctx, input }) =>
    deleteEndpointOf(ctx.db, ctx.apiKey.workspaceId, input.endpointId).then(() => ({
      deleted: true as const,
    })),
  );
