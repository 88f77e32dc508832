import type { TokensDeps } from "@adsconnect/tokens/deps";

import { requireServices, type TRPCContext } from "../../context";

/** The token hand-out's dependencies (a refresh's: it may refresh inline), from the request's context. */
export function handOutDepsOf(ctx: Pick<TRPCContext, "services" | "logger">): TokensDeps {
  const services = requireServices(ctx);
  return {
    pool: services.pgPool,
    vault: services.vault,
    amazon: services.amazon,
    clientId: services.amazonClientId,
    logger: ctx.logger,
    ...(services.refreshFailingAfter === undefined
      ? {}
      : { refreshFailingAfter: services.refreshFailingAfter }),
  };
}
