import { Agent, request } from "node:http";

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
 * A closed loop: `concurrency` connections (keep-alive), each sending its
 * next request as soon as the last answer is read, for `seconds` after a
 * warm-up. Latency is per request, in ms.
 */
export async function runLoad(options: {
  urls: readonly string[];
  headers: Record<string, string>;
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let stopping = false;
  let next = 0;

  const one = () =>
    new Promise<void>((resolve) => {
      const url = options.urls[next++ % options.urls.length]!;
      const started = performance.now();
      const req = request(url, { agent, headers: options.headers }, (res) => {
        res.resume();
        res.on("end", () => {
          if (measuring) {
            if (res.statusCode === 200) latencies.push(performance.now() - started);
            else errors++;
          }
          resolve();
        });
      });
      req.on("error", () => {
        if (measuring) errors++;
        resolve();
      });
      req.end();
    });
  const loop = async () => {
    while (!stopping) await one();
  };

  const loops = Array.from({ length: options.concurrency }, loop);
  await sleep(options.warmupSeconds * 1000);
  measuring = true;
  const started = performance.now();
  await sleep(options.seconds * 1000);
  measuring = false;
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
