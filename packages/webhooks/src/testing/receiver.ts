import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a receiver got. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as sent (what a verifier needs). */
  body: string;
  receivedAt: number;
}

export interface TestReceiver {
  /** http://127.0.0.1:<port>/hooks */
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /**
   * How the next requests are answered: a status (default 204), or "hang" (never answer); with
   * `body`, that body (default: empty for a 2xx, "receiver says <status>" otherwise).
   */
  respondWith(answer: number | "hang", body?: string | Buffer): void;
  /** Resolves once `count` requests came (all of them, counting from the start). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/**
 * A real HTTP endpoint on 127.0.0.1 for tests and benches: records every request and answers
 * as told. Hung requests are ended on close.
 */
export async function startTestReceiver(port = 0): Promise<TestReceiver> {
  const received: ReceivedWebhook[] = [];
  let answer: number | "hang" = 204;
  let answerBody: string | Buffer | undefined;
  const hung = new Set<ServerResponse>();
  const waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        receivedAt: Date.now(),
      });
      for (const wake of waiters.splice(0)) wake();
      if (answer === "hang") {
        hung.add(res);
        return;
      }
      res.writeHead(answer, { "content-type": "text/plain" });
      res.end(answerBody ?? (answer >= 200 && answer < 300 ? "" : `receiver says ${answer}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}/hooks`,
    port: actualPort,
    received,
    respondWith(next, body) {
      answer = next;
      answerBody = body;
    },
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(
            `receiver got ${received.length} of ${count} webhooks in ${timeoutMs} ms`,
          );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received.slice(0, count);
    },
    async close() {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
