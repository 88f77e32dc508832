import { AdsConnectError } from "@adsconnect/errors";

import { keyProcedure } from "../../trpc";

/**
 * A key with `webhooks:manage` and no account list: an endpoint receives every account's events
 * of the workspace, so a key limited to some accounts may not manage them (FORBIDDEN, saying so).
 */
export const webhookKeyProcedure = keyProcedure("webhooks:manage").use(({ ctx, next }) => {
  if (ctx.apiKey.accountIds !== null)
    throw new AdsConnectError(
      "forbidden",
      "This API key is limited to some accounts; managing webhooks needs a key for every account of the workspace (an endpoint hears of them all). Create one on the API keys page.",
    );
  return next();
});
