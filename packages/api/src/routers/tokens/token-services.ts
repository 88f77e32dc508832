import type { HandOutDeps } from "@adsconnect/tokens/get-access-token";

import { requireServices, type TRPCContext } from "../../context";

/** The token hand-out's dependencies, from the request's context. */
export function handOutDepsOf(ctx: Pick<TRPCContext, "services" | "logger">): HandOutDeps {
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
