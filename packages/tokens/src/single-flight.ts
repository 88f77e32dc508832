/**
 * One promise per key among concurrent callers in this process: callers
 * that arrive while one is running share its result. Across processes the
 * per-account lock does the same job; this keeps a burst from one process
 * from queueing a pool connection per caller on that lock.
 */
export class SingleFlight<T> {
  readonly #inFlight = new Map<string, Promise<T>>();

  /** The promise running for `key`, if any. */
  get(key: string): Promise<T> | undefined {
    return this.#inFlight.get(key);
  }

  run(key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.#inFlight.get(key);
    if (running) return running;
    const started = fn().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, started);
    return started;
  }
}
