import { createEndpoint as createEndpointOf } from "@adsconnect/webhooks/endpoints";

import { createEndpointInput } from "../../domain/webhooks/inputs";
import { webhookKeyProcedure } from "./webhook-key-procedure";

/** Adds an endpoint (SSRF rules: BAD_REQUEST saying why); returns its `whsec_` secret, shown this once. Needs `webhooks:manage` on a key for every account. */
export const createEndpoint = webhookKeyProcedure
  .input(createEndpointInput)
  .mutation(({ ctx, input }) =>
    createEndpointOf(ctx.services, {
      workspaceId: ctx.apiKey.workspaceId,
      createdById: null,
      ...input,
    }),
  );
