import { connect, createServer, type Socket } from "node:net";

import { createDb, type Db } from "@adsconnect/db/client";

/**
 * A TCP relay to the test database that holds every chunk `delayMs` in each direction, so each
 * round trip costs 2 × `delayMs` more: a database across a network, or a busy one. The work done
 * per statement is unchanged, so a save that makes one round trip per row slows down with the row
 * count while a set-based one does not.
 */
export async function slowDatabase(databaseUrl: string, delayMs: number) {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  const relay = (from: Socket, to: Socket) => {
    from.on("data", (chunk) => {
      // Timers of one duration fire in the order they were set: the byte stream stays in order.
      setTimeout(() => to.writable && to.write(chunk), delayMs);
    });
    from.on("close", () => setTimeout(() => to.destroy(), delayMs));
    from.on("error", () => to.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  const db: Db = createDb(url.toString(), { max: 5 });
  return {
    db,
    close: async () => {
      await db.$disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
