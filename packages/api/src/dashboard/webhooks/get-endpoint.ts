import { getEndpoint as getEndpointOf } from "@adsconnect/webhooks/endpoints";

import { endpointIdInput } from "../../domain/webhooks/inputs";
import { workspaceProcedure } from "../../trpc";

/** One endpoint of the workspace (no secret); another workspace's is NOT_FOUND. Members too. */
export const getEndpoint = workspaceProcedure
  .input(endpointIdInput)
  .query(({ ctx, input }) => getEndpointOf(ctx.db, ctx.workspace.workspaceId, input.endpointId));
