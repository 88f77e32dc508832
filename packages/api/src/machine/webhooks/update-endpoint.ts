import { updateEndpoint as updateEndpointOf } from "@adsconnect/webhooks/endpoints";

import { updateEndpointInput } from "../../domain/webhooks/inputs";
import { keyProcedure } from "../../trpc";

/** Changes an endpoint's URL, description or event types, or disables / enables it. Needs `webhooks:manage`. */
export const updateEndpoint = keyProcedure("webhooks:manage")
  .input(updateEndpointInput)
  .mutation(({ ctx, input }) => updateEndpointOf(ctx.services, ctx.apiKey.workspaceId, input));
