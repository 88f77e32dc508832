import { updateEndpoint as updateEndpointOf } from "@adsconnect/webhooks/endpoints";

import { updateEndpointInput } from "../../domain/webhooks/inputs";
import { webhookKeyProcedure } from "./webhook-key-procedure";

/** Changes an endpoint's URL, description or event types, or disables / enables it. Needs `webhooks:manage` on a key for every account. */
export const updateEndpoint = webhookKeyProcedure
  .input(updateEndpointInput)
  .mutation(({ ctx, input }) => updateEndpointOf(ctx.services, ctx.apiKey.workspaceId, input));
