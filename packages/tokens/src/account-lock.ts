import { setTimeout as sleep } from "node:timers/promises";

import type { Pool, PoolClient } from "pg";

import { AccountLockBusyError } from "./errors";

/**
 * Advisory-lock namespace of per-account token locks (the first key of
 * `pg_advisory_lock(int, int)`); the second is `hashtext(accountId)`. Two
 * accounts sharing a hash only wait for each other, which is harmless.
 */
export const ACCOUNT_LOCK_NAMESPACE = 0x746f6b; // "tok"

/** How often a bounded wait (`waitMs`) asks again for a lock another session holds. */
const LOCK_POLL_MS = 50;

export interface AccountLockOptions {
  /**
   * Wait at most this long for a lock another session holds (asking with
   * pg_try_advisory_lock every 50 ms), then throw AccountLockBusyError
   * without running `fn`. Default: wait as long as it takes
   * (pg_advisory_lock), as the worker does.
   */
  waitMs?: number;
}

/**
 * Runs `fn` while holding the account's token lock: a session-level
 * advisory lock on one connection taken from `pool`, held for as long as
 * `fn` runs (across the call to Amazon) and owned by that session, so it
 * never expires mid-call and dies with the session if the process does.
 * `fn` must do all its reads and writes on `client`.
 *
 * A connection whose unlock failed is destroyed rather than returned to
 * the pool: closing the session is what releases a lock it may still hold.
 */
export function withAccountLock<T>(
  pool: Pool,
  accountId: string,
  fn: (client: PoolClient) => Promise<T>,
): Promise<T>;
export function withAccountLock<T>(
  pool: Pool,
  accountId: string,
  options: AccountLockOptions,
  fn: (client: PoolClient) => Promise<T>,
): Promise<T>;
export async function withAccountLock<T>(
  pool: Pool,
  accountId: string,
  ...rest:
    | [fn: (client: PoolClient) => Promise<T>]
    | [options: AccountLockOptions, fn: (client: PoolClient) => Promise<T>]
): Promise<T> {
  const [options, fn] = rest.length === 1 ? [{}, rest[0]] : rest;
  const client = await pool.connect();
  // A checked-out client has no listener of the pool's: if Postgres drops the
  // session while `fn` awaits Amazon, its error would be an uncaught exception.
  let broken: Error | undefined;
  const onError = (error: Error) => (broken = error);
  client.on("error", onError);
  const release = () => {
    client.removeListener("error", onError);
    client.release(broken);
  };
  try {
    if (options.waitMs === undefined)
      await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [
        ACCOUNT_LOCK_NAMESPACE,
        accountId,
      ]);
    else await tryLockFor(client, accountId, options.waitMs);
  } catch (error) {
    // Not getting a busy lock leaves the session as it was; any other failure may not.
    if (!(error instanceof AccountLockBusyError)) broken ??= asError(error);
    release();
    throw error;
  }
  try {
    return await fn(client);
  } finally {
    try {
      await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [
        ACCOUNT_LOCK_NAMESPACE,
        accountId,
      ]);
    } catch (error) {
      broken ??= asError(error);
    }
    release();
  }
}

/** Takes the account's lock on `client` if it comes free within `waitMs`, else throws AccountLockBusyError. */
async function tryLockFor(client: PoolClient, accountId: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked",
      [ACCOUNT_LOCK_NAMESPACE, accountId],
    );
    if (rows[0]?.locked) return;
    const left = deadline - Date.now();
    if (left <= 0) throw new AccountLockBusyError(accountId, waitMs);
    await sleep(Math.min(LOCK_POLL_MS, left));
  }
}

/** Runs `fn` inside BEGIN/COMMIT on `client`, rolling back when it throws. */
export async function inTransaction<T>(client: PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await fn();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
