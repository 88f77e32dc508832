import { performance } from "node:perf_hooks";

export interface Contender {
  name: string;
  /** One encrypt + decrypt of the payload; returns the decrypted text. */
  roundTrip: () => string;
}

export interface Measurement {
  name: string;
  /** Median over the rounds. */
  opsPerSecond: number;
  /** Ops per second in each round, in round order. */
  rounds: number[];
}

/**
 * Runs every contender for `roundMs` per round, interleaved over `rounds`
 * rounds so that drift in CPU speed hits them all alike, and keeps each one's
 * median round. A short warm-up first lets V8 optimise each hot path.
 */
export function measure(
  contenders: readonly Contender[],
  rounds: number,
  roundMs: number,
): Measurement[] {
  const results = contenders.map((contender) => ({ contender, rounds: [] as number[] }));
  for (const contender of contenders) runFor(contender, roundMs);
  for (let round = 0; round < rounds; round++) {
    for (const result of results) result.rounds.push(runFor(result.contender, roundMs));
  }
  return results.map(({ contender, rounds }) => ({
    name: contender.name,
    opsPerSecond: median(rounds),
    rounds,
  }));
}

/**
 * The median over rounds of a's rate divided by b's in the same round: a
 * burst of load from elsewhere hits both sides of each quotient alike, so
 * this is steadier than dividing the two medians.
 */
export function medianRatio(a: Measurement, b: Measurement): number {
  return median(a.rounds.map((rate, round) => rate / (b.rounds[round] ?? Number.NaN)));
}

/** Ops per second over about `durationMs`, timing batches to keep clock reads out of the loop. */
function runFor(contender: Contender, durationMs: number): number {
  let ops = 0;
  let sink = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (let i = 0; i < 50; i++) sink += contender.roundTrip().length;
    ops += 50;
    elapsed = performance.now() - start;
  }
  if (sink === 0) throw new Error(`${contender.name} returned empty plaintexts`);
  return (ops * 1000) / elapsed;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
