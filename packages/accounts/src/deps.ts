import type { AmazonClient } from "@adsconnect/amazon";
import type { Db } from "@adsconnect/db/client";
import type { Logger } from "@adsconnect/logger";
import type { TokenVault } from "@adsconnect/vault";

/** What the account domain needs; the web app, the worker and tests each build one. */
export interface AccountsDeps {
  db: Db;
  vault: TokenVault;
  amazon: AmazonClient;
  logger: Logger;
  /** Injectable clock for expiry checks. Default: `() => new Date()`. */
  now?: () => Date;
}

export const nowOf = (deps: AccountsDeps) => (deps.now ? deps.now() : new Date());
