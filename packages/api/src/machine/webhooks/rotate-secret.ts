import { rotateSecret as rotateSecretOf } from "@adsconnect/webhooks/endpoints";

import { endpointIdInput } from "../../domain/webhooks/inputs";
import { webhookKeyProcedure } from "./webhook-key-procedure";

/** A new secret, shown once; the old one keeps signing until previousSecretValidUntil. Needs `webhooks:manage` on a key for every account. */
export const rotateSecret = webhookKeyProcedure
  .input(endpointIdInput)
  .mutation(({ ctx, input }) =>
    rotateSecretOf(ctx.services, ctx.apiKey.workspaceId, input.endpointId),
  );
