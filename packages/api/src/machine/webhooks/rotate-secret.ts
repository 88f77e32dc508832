import { rotateSecret as rotateSecretOf } from "@adsconnect/webhooks/endpoints";

import { endpointIdInput } from "../../domain/webhooks/inputs";
import { keyProcedure } from "../../trpc";

/** A new secret, shown once; the old one keeps signing until previousSecretValidUntil. Needs `webhooks:manage`. */
export const rotateSecret = keyProcedure("webhooks:manage")
  .input(endpointIdInput)
  .mutation(({ ctx, input }) =>
    rotateSecretOf(ctx.services, ctx.apiKey.workspaceId, input.endpointId),
  );
