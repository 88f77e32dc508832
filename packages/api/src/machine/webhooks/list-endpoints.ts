import { listEndpoints as listEndpointsOf } from "@adsconnect/webhooks/endpoints";

import { webhookKeyProcedure } from "./webhook-key-procedure";

/** The key's workspace's webhook endpoints (no secret), each with its latest attempt. Needs `webhooks:manage` on a key for every account. */
export const listEndpoints = webhookKeyProcedure.query(({ ctx }) =>
  listEndpointsOf(ctx.db, ctx.apiKey.workspaceId),
);
