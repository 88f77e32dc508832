import type { Db } from "@adsconnect/db/client";
import type { AccountTokenRow } from "@adsconnect/tokens/account-row";
import type { HandOutDeps } from "@adsconnect/tokens/get-access-token";

import { requireServices, type TRPCContext } from "../../context";

/** The token hand-out's dependencies, from the request's context. */
export function handOutDepsOf(ctx: Pick<TRPCContext, "services" | "db" | "logger">): HandOutDeps {
  const services = requireServices(ctx);
  return {
    pool: services.pgPool ?? null,
    vault: services.vault,
    amazon: services.amazon,
    clientId: services.amazonClientId,
    logger: ctx.logger,
    ...(services.refreshFailingAfter === undefined
      ? {}
      : { refreshFailingAfter: services.refreshFailingAfter }),
    // With a pool, the account is read with one plain query on it (the hand-out's hot path);
    // without one, through the app's Prisma client.
    ...(services.pgPool
      ? {}
      : {
          readAccount: (accountId: string, userId: string) =>
            readAccountWithPrisma(ctx.db, accountId, userId),
        }),
  };
}

/** The caller's account through the app's Prisma client (scoped by owner). */
function readAccountWithPrisma(
  db: Db,
  accountId: string,
  userId: string,
): Promise<AccountTokenRow | null> {
  return db.amazonAccount.findFirst({
    where: { id: accountId, ownerId: userId },
    select: {
      id: true,
      ownerId: true,
      status: true,
      consentRegion: true,
      refreshTokenCiphertext: true,
      accessTokenCiphertext: true,
      accessTokenExpiresAt: true,
      consecutiveFailures: true,
    },
  });
}
