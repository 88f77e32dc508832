// What bench/'s own server processes (the yardstick, the floor) share; nothing else is loaded
// into them. startTsxServer (./tsx-server.ts) starts them.
import type { Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Printed by a server process once it listens. */
export const LISTENING = /^listening on (http:\/\/\S+)$/m;

/** The config a server process was handed (as JSON in argv[2]). */
export function readServerConfig<Config>(): Config {
  const raw = process.argv[2];
  if (!raw) throw new Error("pass the server config as JSON in argv[2]");
  return JSON.parse(raw) as Config;
}

/** In a server process: listens on a free port of 127.0.0.1 and prints LISTENING's line. */
export function announceListening(server: Server): void {
  server.listen(0, "127.0.0.1", () => {
    console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
}

/** In a server process: answers `body` as JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
  });
  res.end(json);
}
