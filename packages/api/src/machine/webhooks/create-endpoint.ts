import { createEndpoint as createEndpointOf } from "@adsconnect/webhooks/endpoints";

import { createEndpointInput } from "../../domain/webhooks/inputs";
import { keyProcedure } from "../../trpc";

/** Adds an endpoint (SSRF rules: BAD_REQUEST saying why); returns its `whsec_` secret, shown this once. Needs `webhooks:manage`. */
export const createEndpoint = keyProcedure("webhooks:manage")
  .input(createEndpointInput)
  .mutation(({ ctx, input }) =>
    createEndpointOf(ctx.services, {
      workspaceId: ctx.apiKey.workspaceId,
      createdById: null,
      ...input,
    }),
  );
