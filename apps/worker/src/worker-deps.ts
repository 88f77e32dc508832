import type { AccountsDeps } from "@adsconnect/accounts";
import type { Db } from "@adsconnect/db/client";
import type { Logger } from "@adsconnect/logger";
import type { TokensDeps } from "@adsconnect/tokens/deps";
import type { TokenVault } from "@adsconnect/vault";
import type { Pool } from "pg";

/** How the worker refreshes; every field's default is in env.ts. */
export interface RefreshSettings {
  /** Refresh a token this many seconds before it expires. */
  leadSeconds: number;
  /** Retries of a failed refresh (by the account's consecutive failures) before waiting for the next sweep. */
  maxAttempts: number;
  /** First retry delay in ms, doubled per failure, jittered, capped at `maxRetryDelayMs`. */
  retryBaseMs: number;
  /** Cap of the exponential part of the retry delay. Default 300,000 (5 min). */
  maxRetryDelayMs?: number;
}

/** Everything the tasks need, built once per worker (worker.ts) or per test. */
export interface WorkerDeps {
  db: Db;
  /** The pool token refreshes take their per-account locks on. */
  pool: Pool;
  vault: TokenVault;
  logger: Logger;
  /** Token refreshes: an Amazon client that tries once, so the worker's own backoff decides retries. */
  tokens: TokensDeps;
  /** Profile syncs: an Amazon client with its own retries for reads. */
  accounts: AccountsDeps;
  refresh: RefreshSettings;
  /** Rows per key-rotation batch. */
  keyRotationBatchSize: number;
}
