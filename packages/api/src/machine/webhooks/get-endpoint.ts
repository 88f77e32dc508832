import { getEndpoint as getEndpointOf } from "@adsconnect/webhooks/endpoints";

import { endpointIdInput } from "../../domain/webhooks/inputs";
import { keyProcedure } from "../../trpc";

/** One endpoint of the key's workspace; another workspace's is NOT_FOUND. Needs `webhooks:manage`. */
export const getEndpoint = keyProcedure("webhooks:manage")
  .input(endpointIdInput)
  .query(({ ctx, input }) => getEndpointOf(ctx.db, ctx.apiKey.workspaceId, input.endpointId));
