import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One POST the receiver got, as it arrived: the raw body is what a signature covers. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

/** What the receiver answers on a path: a status and a body. Default 200 "ok". */
export interface ReceiverAnswer {
  status: number;
  body: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`: an endpoint URL is this plus a path. */
  url: string;
  received: ReceivedWebhook[];
  /** From now on, answer `path` with `answer`. */
  answer(path: string, answer: ReceiverAnswer): void;
  /** Resolves with the first delivery (from now or already received) that `match` accepts. */
  waitFor(
    match: (webhook: ReceivedWebhook) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedWebhook>;
  stop(): Promise<void>;
}

/**
 * A real HTTP receiver for webhook deliveries (node:http on loopback), as an internal app would
 * run one: it records every request and answers each path as told.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const answers = new Map<string, ReceiverAnswer>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = new URL(request.url ?? "/", "http://receiver").pathname;
      received.push({
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        receivedAt: Date.now(),
      });
      const answer = answers.get(path) ?? { status: 200, body: "ok" };
      response.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer: (path, answer) => answers.set(path, answer),
    async waitFor(match, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(
            `no matching delivery within ${timeoutMs} ms; got ${received.length}: ${received
              .map((webhook) => `${webhook.path} ${webhook.body.slice(0, 120)}`)
              .join("\n")}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
