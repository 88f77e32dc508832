import type { AmazonClient } from "@adsconnect/amazon";
import type { Logger } from "@adsconnect/logger";
import type { TokenVault } from "@adsconnect/vault";
import type { Pool } from "pg";

/**
 * What the token lifecycle needs; the worker, the API and tests each build
 * one. Reads and writes go through `pool` as plain SQL, because a refresh
 * holds one connection for its per-account lock from the first read to the
 * last write.
 */
export interface TokensDeps {
  /** node-postgres pool on the product's database. Each refresh in flight holds one connection. */
  pool: Pool;
  vault: TokenVault;
  /** The Amazon client; only `refreshAccessToken` and `endpoints` are used. */
  amazon: Pick<AmazonClient, "refreshAccessToken" | "endpoints">;
  /** The Amazon app's client id, handed out with access tokens. */
  clientId: string;
  logger: Logger;
  /** Consecutive failed refreshes after which an account is refresh_failing. Default 3. */
  refreshFailingAfter?: number;
  /** The clock. Default: `() => new Date()`. */
  now?: () => Date;
}

export const DEFAULT_REFRESH_FAILING_AFTER = 3;

export function nowOf(deps: Pick<TokensDeps, "now">): Date {
  return deps.now ? deps.now() : new Date();
}
