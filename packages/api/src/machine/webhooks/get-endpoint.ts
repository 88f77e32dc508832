import { getEndpoint as getEndpointOf } from "@adsconnect/webhooks/endpoints";

import { endpointIdInput } from "../../domain/webhooks/inputs";
import { webhookKeyProcedure } from "./webhook-key-procedure";

/** One endpoint of the key's workspace; another workspace's is NOT_FOUND. Needs `webhooks:manage` on a key for every account. */
export const getEndpoint = webhookKeyProcedure
  .input(endpointIdInput)
  .query(({ ctx, input }) => getEndpointOf(ctx.db, ctx.apiKey.workspaceId, input.endpointId));
