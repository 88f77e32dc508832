/**
 * A fixed number of permits, taken without waiting: `tryAcquire` gives one
 * (a function that gives it back, once) or says no. Nothing ever queues, so a
 * full semaphore costs a caller nothing: the hand-out then serves the stored
 * token or says "try again shortly" (get-access-token.ts).
 */
export class Semaphore {
  #free: number;

  constructor(readonly size: number) {
    this.#free = size;
  }

  /** Permits taken now. */
  get inUse(): number {
    return this.size - this.#free;
  }

  tryAcquire(): (() => void) | null {
    if (this.#free <= 0) return null;
    this.#free--;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#free++;
    };
  }
}
