/**
 * Fernet throughput: one encrypt + decrypt of a 1 KB payload per op, for the
 * vault, the npm `fernet` package and raw AES-128-CBC, measured in one run so
 * the figures are comparable. Run: pnpm --filter @adsconnect/bench bench:fernet
 */
import { allContenders } from "./contenders";
import { measure, medianRatio, type Measurement } from "./measure";

const PAYLOAD = "x".repeat(1024);
const ROUNDS = 9;
const ROUND_MS = 300;
const GOAL_OPS_PER_SECOND = 40_000;
const GOAL_RATIO_TO_NPM = 15;

const contenders = allContenders(PAYLOAD);
for (const { name, roundTrip } of contenders) {
  if (roundTrip() !== PAYLOAD) throw new Error(`${name} does not round-trip the payload`);
}

const results = measure(contenders, ROUNDS, ROUND_MS);
const [vault, , npm] = results;
if (vault === undefined || npm === undefined)
  throw new Error("the vault and npm fernet contenders are missing");

const formatRate = (rate: number) => Math.round(rate).toLocaleString("en-US");
const row = (cells: string[]) =>
  cells[0]?.padEnd(42) +
  cells
    .slice(1)
    .map((cell) => cell.padStart(10))
    .join("");
const describe = ({ name, opsPerSecond }: Measurement) => [
  name,
  formatRate(opsPerSecond),
  (1e6 / opsPerSecond).toFixed(1),
  `${medianRatio(results.find((result) => result.name === name) ?? vault, npm).toFixed(1)}×`,
];

console.log(
  `Fernet, 1 KB payload, encrypt+decrypt per op; node ${process.version}; median of ${ROUNDS} interleaved rounds\n`,
);
console.log(row(["implementation", "ops/s", "µs/op", "vs npm"]));
for (const result of results) console.log(row(describe(result)));

const ratio = medianRatio(vault, npm);
const verdict = (met: boolean) => (met ? "met" : "MISSED");
console.log(
  `\nvault / npm fernet = ${ratio.toFixed(1)}× (goal ≥ ${GOAL_RATIO_TO_NPM}×: ${verdict(ratio >= GOAL_RATIO_TO_NPM)})`,
);
console.log(
  `vault = ${formatRate(vault.opsPerSecond)} ops/s ` +
    `(goal ≥ ${formatRate(GOAL_OPS_PER_SECOND)}: ${verdict(vault.opsPerSecond >= GOAL_OPS_PER_SECOND)})`,
);
