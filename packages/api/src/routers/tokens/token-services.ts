import type { Db } from "@adsconnect/db/client";
import type { AccountTokenRow } from "@adsconnect/tokens/account-row";
import type { TokensDeps } from "@adsconnect/tokens/deps";
import type { HandOutDeps } from "@adsconnect/tokens/get-access-token";

import { requireServices, type TRPCContext } from "../../context";

declare module "../../context" {
  interface ApiServices {
    /**
     * A node-postgres pool on the product's database. An inline token
     * refresh holds one of its connections for the per-account lock (a
     * Prisma client cannot hold one session across the call to Amazon).
     * Without it, tokens.getAccessToken hands out fresh tokens but fails
     * on one that needs a refresh. Declared here until context.ts lists it.
     */
    pgPool?: TokensDeps["pool"];
    /** Consecutive failed refreshes after which an account is refresh_failing. Default 3. */
    refreshFailingAfter?: number;
  }
}

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
