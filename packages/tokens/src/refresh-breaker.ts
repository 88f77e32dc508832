import type { RefreshBreakerSettings, Services } from "@adsconnect/services";
import type { ClientBase } from "pg";

import { ACCOUNT_LOCK_NAMESPACE } from "./account-lock";

/**
 * The mass-revocation breaker.
 *
 * `invalid_grant` erases an account's tokens at once, which is right for one
 * revoked grant. But Amazon answers the same to every refresh when adsconnect
 * runs with another security profile's client id and secret (a grant issued
 * to another client, RFC 6749 §5.2), and one sweep would then erase every
 * customer's refresh token, for good. So every verdict Amazon gives on a grant
 * (accepted, or invalid_grant) is written to `token_refresh_outcomes`, by
 * every worker and API process alike, and an invalid_grant erases only while
 * the latest verdicts look like isolated revocations.
 *
 * The breaker looks at the latest `sample` verdicts of the last
 * `windowSeconds` (sample = minInvalidGrants / share: 25 by default). It is
 * open when at least `minInvalidGrants` of them are invalid_grant and they
 * are at least `share` of them (5 of the last 25, or 5 of fewer). Open, a
 * refused grant is held: tokens kept, account refresh_failing, retried like
 * any failure that may pass, and an error logged. It closes by itself once
 * enough accepted refreshes follow (21 in a row by default), or the window
 * moves past the refusals; a held grant that Amazon still refuses then is
 * erased. The latest verdicts rather than the whole window: a window full of
 * yesterday's healthy refreshes must not dilute a new mass refusal, and a
 * recovery must close the breaker without waiting out the window.
 *
 * The decision is taken under one transaction-level advisory lock, so
 * decisions from any number of processes see each other's verdicts in order.
 * When the sample is short of verdicts (a new database, a quiet hour), each
 * refresh still waiting on Amazon (an account lock held in this database)
 * fills a missing place as an invalid_grant, because in a burst the first
 * refusal arrives before the others: 50 accounts refused at once erase none.
 * With a full sample of healthy verdicts, a mass refusal costs at most
 * minInvalidGrants - 1 grants (4) before the breaker opens.
 */
export const DEFAULT_BREAKER: RefreshBreakerSettings = {
  minInvalidGrants: 5,
  share: 0.2,
  windowSeconds: 600,
};

/** Advisory-lock key of the breaker's decisions (`pg_advisory_xact_lock(int, int)`): "brk", 0. */
export const BREAKER_LOCK_KEY = [0x62726b, 0] as const;

/** The verdicts the breaker looks at: how many, and how many were invalid_grant (erased or held). */
export interface VerdictCounts {
  refreshCount: number;
  invalidGrantCount: number;
}

export interface RefreshBreakerStatus extends VerdictCounts {
  /** open: an invalid_grant now would be held, not erased. */
  state: "closed" | "open";
  /** How many latest verdicts it looks at (refreshCount is at most this). */
  sample: number;
  windowSeconds: number;
  minInvalidGrants: number;
  /** The share of verdicts that opens it, 0–1. */
  share: number;
  /** Grants held (tokens kept) within the window. */
  heldCount: number;
  /** When open: the first grant held within the window. */
  openedAt?: Date;
}

type BreakerServices = Pick<Services, "pool" | "refresh" | "now">;

export function breakerSettings(services: Pick<Services, "refresh">): RefreshBreakerSettings {
  return services.refresh.breaker ?? DEFAULT_BREAKER;
}

/** How many latest verdicts the breaker weighs: minInvalidGrants / share (25 by default). */
export function sampleSize(settings: RefreshBreakerSettings): number {
  return Math.max(settings.minInvalidGrants, Math.ceil(settings.minInvalidGrants / settings.share));
}

/** True when these verdicts open the breaker: enough invalid_grant answers, and a large enough share. */
export function opens(counts: VerdictCounts, settings: RefreshBreakerSettings): boolean {
  return (
    counts.invalidGrantCount >= settings.minInvalidGrants &&
    counts.invalidGrantCount >= settings.share * counts.refreshCount
  );
}

/** The latest verdicts since $1, newest first, at most $2: true for invalid_grant. */
const LATEST_SQL = `SELECT id, verdict <> 'accepted' AS invalid FROM token_refresh_outcomes
  WHERE created_at > $1 ORDER BY id DESC LIMIT $2`;

const HELD_SQL = `SELECT count(*)::int AS "heldCount", min(created_at) AS "firstHeldAt"
  FROM token_refresh_outcomes WHERE created_at > $1 AND verdict = 'held'`;

function countOf(invalid: readonly boolean[]): VerdictCounts {
  return { refreshCount: invalid.length, invalidGrantCount: invalid.filter(Boolean).length };
}

/**
 * The breaker as Amazon's latest verdicts show it, from Postgres: the same
 * in every process. For operators (and the operations page): `open` means an
 * invalid_grant now would be held rather than erased.
 */
export async function readRefreshBreaker(services: BreakerServices): Promise<RefreshBreakerStatus> {
  const settings = breakerSettings(services);
  const sample = sampleSize(settings);
  const since = new Date(services.now().getTime() - settings.windowSeconds * 1000);
  const [latest, held] = await Promise.all([
    services.pool.query<{ invalid: boolean }>(LATEST_SQL, [since, sample]),
    services.pool.query<{ heldCount: number; firstHeldAt: Date | null }>(HELD_SQL, [since]),
  ]);
  const counts = countOf(latest.rows.map((row) => row.invalid));
  const open = opens(counts, settings);
  const { heldCount, firstHeldAt } = held.rows[0]!;
  return {
    state: open ? "open" : "closed",
    ...counts,
    sample,
    windowSeconds: settings.windowSeconds,
    minInvalidGrants: settings.minInvalidGrants,
    share: settings.share,
    heldCount,
    ...(open && firstHeldAt ? { openedAt: firstHeldAt } : {}),
  };
}

export interface InvalidGrantJudgement {
  verdict: "erased" | "held";
  /** The latest verdicts before this one. */
  counts: VerdictCounts;
  /** Refreshes of other accounts waiting on Amazon at the time (refusals in place of missing verdicts). */
  inFlight: number;
  /** The latest verdicts held no grant: the breaker opens with this one. */
  opening: boolean;
}

/**
 * Decides what Amazon's invalid_grant for one account means: erase (an
 * isolated revocation) or hold (the breaker is open). Must run on `client`
 * inside the transaction that then writes the decision and `recordVerdict`:
 * it takes the breaker's transaction lock, which serializes decisions across
 * processes until that transaction ends.
 */
export async function judgeInvalidGrant(
  client: ClientBase,
  services: Pick<Services, "refresh" | "now">,
): Promise<InvalidGrantJudgement> {
  const settings = breakerSettings(services);
  const sample = sampleSize(settings);
  await client.query("SELECT pg_advisory_xact_lock($1, $2)", [...BREAKER_LOCK_KEY]);
  const since = new Date(services.now().getTime() - settings.windowSeconds * 1000);
  const { rows } = await client.query<{ invalid: boolean[]; inFlight: number }>(
    `SELECT coalesce((SELECT array_agg(invalid ORDER BY id DESC) FROM (${LATEST_SQL}) latest), '{}') AS invalid,
            (SELECT count(*)::int FROM pg_locks
              WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND classid = $3::bigint::oid AND objsubid = 2) AS "inFlight"`,
    [since, sample, ACCOUNT_LOCK_NAMESPACE],
  );
  const { invalid, inFlight } = rows[0]!;
  const counts = countOf(invalid);
  // This answer is the newest verdict. Refreshes still waiting on Amazon count as refusals, but
  // only in place of verdicts the sample lacks (a new database, a quiet hour): in a burst the
  // first answer comes back before the others. With a full sample they count for nothing, so one
  // revocation amid a busy sweep is still erased at once.
  const latest = invalid.slice(0, sample - 1);
  const waiting = Math.min(inFlight, sample - 1 - latest.length);
  const pessimistic = countOf([true, ...latest, ...Array<boolean>(waiting).fill(true)]);
  const hold = opens(pessimistic, settings);
  return {
    verdict: hold ? "held" : "erased",
    counts,
    inFlight,
    opening: hold && !opens(counts, settings),
  };
}

/** Inserts one verdict (parameters `$account` and `$at`), as SQL a caller can put in its own statement. */
export function verdictInsert(
  verdict: "accepted" | "erased" | "held",
  account: number,
  at: number,
) {
  return `INSERT INTO token_refresh_outcomes (account_id, verdict, created_at)
          VALUES ($${account}::uuid, '${verdict}'::"RefreshVerdict", $${at}::timestamptz)`;
}

/** Writes one verdict of Amazon's on `client` (inside the caller's transaction, when it has one). */
export async function recordVerdict(
  client: ClientBase,
  accountId: string,
  verdict: "accepted" | "erased" | "held",
  at: Date,
): Promise<void> {
  await client.query(verdictInsert(verdict, 1, 2), [accountId, at]);
}

/** Verdicts are kept this long (the longest window allowed), then purged by the worker. */
export const VERDICT_RETENTION_MS = 24 * 60 * 60 * 1000;
