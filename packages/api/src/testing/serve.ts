import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { toNodeHandler } from "../node-handler";

export interface TestServer {
  /** e.g. "http://127.0.0.1:41234" */
  origin: string;
  close: () => Promise<void>;
}

/**
 * Serves a Fetch API handler on a real node:http server at 127.0.0.1 on a
 * free port, through the bridge the web service mounts the API with
 * (toNodeHandler).
 */
export async function serveFetchHandler(
  handler: (req: Request) => Promise<Response>,
): Promise<TestServer> {
  const listener = toNodeHandler(handler);
  const server = createServer((req, res) => void listener(req, res));
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
