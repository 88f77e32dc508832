import { connect, createServer, type Socket } from "node:net";

/**
 * A TCP relay to Postgres that holds every chunk `delayMs` in each direction, so each round trip
 * costs 2 × `delayMs` more (a database across a network). Both sides of the bench go through it.
 */
export async function startLatencyRelay(databaseUrl: string, delayMs: number) {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  const forward = (from: Socket, to: Socket) => {
    // Timers of one duration fire in the order they were set: the byte stream stays in order.
    from.on("data", (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
    from.on("close", () => setTimeout(() => to.destroy(), delayMs));
    from.on("error", () => to.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as { port: number }).port);
  return {
    url: url.toString(),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
