import { updateEndpoint as updateEndpointOf } from "@adsconnect/webhooks/endpoints";

import { updateEndpointInput } from "../../domain/webhooks/inputs";
import { workspaceAdminProcedure } from "../../trpc";

/** Changes an endpoint's URL, description or event types, or disables / enables it. Admins only. */
export const updateEndpoint = workspaceAdminProcedure("change webhook endpoints")
  .input(updateEndpointInput)
  .mutation(({ ctx, input }) => updateEndpointOf(ctx.services, ctx.workspace.workspaceId, input));
