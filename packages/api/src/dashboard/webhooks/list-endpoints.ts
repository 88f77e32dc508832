import { listEndpoints as listEndpointsOf } from "@adsconnect/webhooks/endpoints";

import { workspaceProcedure } from "../../trpc";

/** The workspace's webhook endpoints (no secret), each with its latest attempt. Members too. */
export const listEndpoints = workspaceProcedure.query(({ ctx }) =>
  listEndpointsOf(ctx.db, ctx.workspace.workspaceId),
);
