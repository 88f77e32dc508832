import { connect, createServer, type Socket } from "node:net";

/** ReadyForQuery: the server's last message for each simple query or extended-query Sync. */
const READY_FOR_QUERY = 0x5a;

/**
 * Counts the server's ReadyForQuery messages on one connection's byte stream, which may split or
 * join messages anywhere. Each one closes a round trip; the first closes the connection's start-up,
 * which is not a statement and is left out (how many connections a pool opens is not the code's).
 */
function readyForQueryCounter(onStatement: () => void) {
  let header = Buffer.alloc(0);
  let skip = 0;
  let seen = 0;
  return (chunk: Buffer) => {
    let at = 0;
    while (at < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - at);
        skip -= n;
        at += n;
        continue;
      }
      const part = chunk.subarray(at, at + 5 - header.length);
      header = Buffer.concat([header, part]);
      at += part.length;
      if (header.length < 5) continue;
      if (header[0] === READY_FOR_QUERY && ++seen > 1) onStatement();
      skip = header.readInt32BE(1) - 4;
      header = Buffer.alloc(0);
    }
  };
}

export interface LatencyRelay {
  /** The database URL with the relay's host and port in place of Postgres's. */
  url: string;
  /** Statements' round trips through the relay since it started or since `resetRoundTrips`. */
  roundTrips(): number;
  resetRoundTrips(): void;
  close(): Promise<void>;
}

/**
 * A TCP relay to Postgres that holds every chunk `delayMs` in each direction, so each round trip
 * costs 2 × `delayMs` more: a database across a network, or a busy one. The work done per
 * statement is unchanged, so code making one round trip per row slows down with the row count
 * while set-based code does not. It also counts round trips (with `delayMs` 0 it only counts),
 * which is deterministic however loaded the machine: tests assert on the count, benchmarks on
 * the delay. Shared by packages/accounts' tests and bench/connect.
 */
export async function startLatencyRelay(databaseUrl: string, delayMs = 0): Promise<LatencyRelay> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let roundTrips = 0;
  const forward = (from: Socket, to: Socket, observe?: (chunk: Buffer) => void) => {
    from.on("data", (chunk: Buffer) => {
      observe?.(chunk);
      // Timers of one duration fire in the order they were set: the byte stream stays in order.
      setTimeout(() => to.writable && to.write(chunk), delayMs);
    });
    from.on("close", () => setTimeout(() => to.destroy(), delayMs));
    from.on("error", () => to.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    forward(client, upstream);
    forward(
      upstream,
      client,
      readyForQueryCounter(() => (roundTrips += 1)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as { port: number }).port);
  return {
    url: url.toString(),
    roundTrips: () => roundTrips,
    resetRoundTrips: () => {
      roundTrips = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
