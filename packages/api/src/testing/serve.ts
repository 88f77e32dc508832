import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { toNodeHandler } from "../node-handler";

export interface TestServer {
  /** e.g. "http://127.0.0.1:41234" */
  origin: string;
  close: () => Promise<void>;
}

/**
 * Serves Fetch API handlers on a real node:http server at 127.0.0.1 on a free
 * port, through the bridge apps/api serves the machine router with
 * (toNodeHandler). One handler answers every path; with several, each
 * answers the paths under its mount point (e.g. `{ "/trpc": machine }`), and
 * anything else is 404.
 */
export async function serveFetchHandler(
  handlers:
    ((req: Request) => Promise<Response>) | Record<string, (req: Request) => Promise<Response>>,
): Promise<TestServer> {
  const mounts = Object.entries(typeof handlers === "function" ? { "/": handlers } : handlers).map(
    ([mount, handler]) => ({ mount: mount.replace(/\/+$/, ""), listener: toNodeHandler(handler) }),
  );
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0]!;
    const match = mounts.find(({ mount }) => mount === "" || path.startsWith(`${mount}/`));
    if (match) return void match.listener(req, res);
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("Not found.");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
