import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { createMachineHandler, MACHINE_TRPC_PATH } from "@adsconnect/api/machine";
import { toNodeHandler } from "@adsconnect/api/node";
import { captureLogger, createTestServices } from "@adsconnect/api/testing";
import type { Db } from "@adsconnect/db/client";

export interface CountingApi {
  /** e.g. "http://127.0.0.1:41234": what an app's API_URL would be. */
  origin: string;
  /** HTTP requests that reached the server and asked for tokens.getAccessToken. */
  handOutRequests(): number;
  /** The vault the server decrypts with, for createTestAccount. */
  vault: ReturnType<typeof createTestServices>["vault"];
  close(): Promise<void>;
}

/**
 * A machine API on node:http at 127.0.0.1 on a free port: /trpc is the machine router through
 * the bridge apps/api serves it with, each hand-out request counted as it reaches the server;
 * /ads/* is `ads` when given (a stand-in for the Ads API proxy), else 404. Amazon is port 9
 * (nothing answers): a hand-out that would need a refresh fails as SERVICE_UNAVAILABLE.
 */
export async function startCountingApi(
  db: Db,
  ads?: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<CountingApi> {
  const services = { ...createTestServices(), db, logger: captureLogger().logger };
  const machine = toNodeHandler(createMachineHandler({ services }));
  let handOuts = 0;
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0]!;
    if (path.startsWith(`${MACHINE_TRPC_PATH}/`)) {
      if (path.includes("tokens.getAccessToken")) handOuts += 1;
      return void machine(req, res);
    }
    if (ads && path.startsWith("/ads/")) return ads(req, res);
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found.");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    handOutRequests: () => handOuts,
    vault: services.vault,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
