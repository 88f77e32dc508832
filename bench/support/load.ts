import { Agent, request } from "node:http";

export interface BenchRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
}

/**
 * A closed loop: `concurrency` kept-alive connections, each sending its next
 * request (cycling through `requests`) as soon as the last answer is read,
 * for `seconds` after a warm-up. Latency is per request, in ms; an answer
 * other than 200 counts as an error.
 */
export async function runLoad(options: {
  requests: readonly BenchRequest[];
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
  /** Called as the measured window opens and closes (e.g. to read a process's CPU time). */
  onWindow?: (edge: "start" | "end") => void;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let stopping = false;
  let next = 0;

  const one = () =>
    new Promise<void>((resolve) => {
      const spec = options.requests[next++ % options.requests.length]!;
      const started = performance.now();
      const req = request(
        spec.url,
        {
          agent,
          method: spec.method,
          headers: spec.body
            ? { ...spec.headers, "content-length": String(Buffer.byteLength(spec.body)) }
            : spec.headers,
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            if (measuring) {
              if (res.statusCode === 200) latencies.push(performance.now() - started);
              else errors++;
            }
            resolve();
          });
        },
      );
      req.on("error", () => {
        if (measuring) errors++;
        resolve();
      });
      req.end(spec.body);
    });
  const loop = async () => {
    while (!stopping) await one();
  };

  const loops = Array.from({ length: options.concurrency }, loop);
  await sleep(options.warmupSeconds * 1000);
  measuring = true;
  options.onWindow?.("start");
  const started = performance.now();
  await sleep(options.seconds * 1000);
  measuring = false;
  options.onWindow?.("end");
  const seconds = (performance.now() - started) / 1000;
  stopping = true;
  await Promise.all(loops);
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    requests: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
  };
}

/** Each figure's median over runs. */
export function medianOf(results: LoadResult[]): LoadResult {
  const median = (pick: (r: LoadResult) => number) => {
    const sorted = results.map(pick).sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  return {
    requests: median((r) => r.requests),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    seconds: median((r) => r.seconds),
    perSecond: median((r) => r.perSecond),
    p50: median((r) => r.p50),
    p90: median((r) => r.p90),
    p99: median((r) => r.p99),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
