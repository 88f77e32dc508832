import { deleteEndpoint as deleteEndpointOf } from "@adsconnect/webhooks/endpoints";

import { endpointIdInput } from "../../domain/webhooks/inputs";
import { workspaceAdminProcedure } from "../../trpc";

/** Deletes an endpoint and its attempts log. Admins only. */
export const deleteEndpoint = workspaceAdminProcedure("delete webhook endpoints")
  .input(endpointIdInput)
  .mutation(async ({ ctx, input }) => {
    await deleteEndpointOf(ctx.db, ctx.workspace.workspaceId, input.endpointId);
    return { deleted: true as const };
  });
