import { listEndpoints as listEndpointsOf } from "@adsconnect/webhooks/endpoints";

import { keyProcedure } from "../../trpc";

/** The key's workspace's webhook endpoints (no secret), each with its latest attempt. Needs `webhooks:manage`. */
export const listEndpoints = keyProcedure("webhooks:manage").query(({ ctx }) =>
  listEndpointsOf(ctx.db, ctx.apiKey.workspaceId),
);
