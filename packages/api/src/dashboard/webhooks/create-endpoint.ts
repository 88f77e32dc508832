import { createEndpoint as createEndpointOf } from "@adsconnect/webhooks/endpoints";

import { createEndpointInput } from "../../domain/webhooks/inputs";
import { workspaceAdminProcedure } from "../../trpc";

/**
 * Adds an endpoint (URL checked by the SSRF rules: BAD_REQUEST saying why). Returns its `whsec_`
 * secret, shown this once. Admins only.
 */
export const createEndpoint = workspaceAdminProcedure("add webhook endpoints")
  .input(createEndpointInput)
  .mutation(({ ctx, input }) =>
    createEndpointOf(ctx.services, {
      workspaceId: ctx.workspace.workspaceId,
      createdById: ctx.userId,
      ...input,
    }),
  );
