import { rotateSecret as rotateSecretOf } from "@adsconnect/webhooks/endpoints";

import { endpointIdInput } from "../../domain/webhooks/inputs";
import { workspaceAdminProcedure } from "../../trpc";

/** A new secret, shown once; the old one keeps signing until previousSecretValidUntil. Admins only. */
export const rotateSecret = workspaceAdminProcedure("rotate webhook secrets")
  .input(endpointIdInput)
  .mutation(({ ctx, input }) =>
    rotateSecretOf(ctx.services, ctx.workspace.workspaceId, input.endpointId),
  );
