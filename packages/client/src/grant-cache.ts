export interface GrantCacheOptions {
  /** A grant is used until this many ms before its `expiresAt`. */
  marginMs: number;
  /** The clock, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

type Entry<T> =
  { kind: "flight"; promise: Promise<T> } | { kind: "grant"; grant: T; until: number };

/**
 * Grants by account and by a key of the other inputs: one request at a time per key (concurrent
 * callers share it), the answer kept until `marginMs` before its `expiresAt`, a failure never
 * kept. No timers: a stale entry is dropped when next asked for, so it keeps no process alive.
 */
export class GrantCache<T extends { expiresAt: unknown }> {
  readonly #accounts = new Map<string, Map<string, Entry<T>>>();
  readonly #marginMs: number;
  readonly #now: () => number;

  constructor(options: GrantCacheOptions) {
    this.#marginMs = options.marginMs;
    this.#now = options.now ?? Date.now;
  }

  get(accountId: string, key: string, load: () => Promise<T>): Promise<T> {
    let entries = this.#accounts.get(accountId);
    const entry = entries?.get(key);
    if (entry?.kind === "flight") return entry.promise;
    if (entry?.kind === "grant") {
      if (this.#now() < entry.until) return Promise.resolve(entry.grant);
      entries!.delete(key);
    }
    if (!entries) this.#accounts.set(accountId, (entries = new Map()));
    const flight: Entry<T> = { kind: "flight", promise: Promise.resolve().then(load) };
    entries.set(key, flight);
    const owned = () => this.#accounts.get(accountId)?.get(key) === flight;
    flight.promise.then(
      (grant) => {
        if (!owned()) return; // forgotten while in flight: keep nothing
        const until = expiryMs(grant.expiresAt) - this.#marginMs;
        if (this.#now() < until) entries.set(key, { kind: "grant", grant, until });
        else this.#drop(accountId, key);
      },
      () => {
        if (owned()) this.#drop(accountId, key);
      },
    );
    return flight.promise;
  }

  /** Forgets every grant and flight of `accountId`. */
  forget(accountId: string): void {
    this.#accounts.delete(accountId);
  }

  #drop(accountId: string, key: string): void {
    const entries = this.#accounts.get(accountId);
    entries?.delete(key);
    if (entries?.size === 0) this.#accounts.delete(accountId);
  }
}

/**
 * `expiresAt` in ms since the epoch, whatever it arrives as: a Date (superjson), an ISO string,
 * or a number (seconds when below 1e11, else ms). NaN (never cached) when it is none of these.
 */
export function expiryMs(expiresAt: unknown): number {
  if (expiresAt instanceof Date) return expiresAt.getTime();
  if (typeof expiresAt === "string") return Date.parse(expiresAt);
  if (typeof expiresAt === "number") return expiresAt < 1e11 ? expiresAt * 1000 : expiresAt;
  return Number.NaN;
}
