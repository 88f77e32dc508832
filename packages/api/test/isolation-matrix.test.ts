/**
 * Tenancy, for every procedure the router has: person B, calling as a
 * signed-in person and with an API key, in-process and over HTTP, can never
 * read, list, change or delete what person A owns. A refused call is
 * NOT_FOUND exactly as for something that does not exist (never FORBIDDEN,
 * which would tell that it does); a list or profile holds none of A's data;
 * and A's rows are byte-for-byte the same afterwards.
 *
 * Procedures are read from the router itself, so one added later fails here
 * until it has a row in MATRIX.
 */
import { randomUUID } from "node:crypto";

import type { Db } from "@adsconnect/db/client";
import { createTRPCClient, httpLink } from "@trpc/client";
import type { AnyTRPCProcedure } from "@trpc/server";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { appRouter, type AppRouter } from "../src/index";
import {
  captureLogger,
  createActor,
  createTestAccount,
  createTestServices,
  sessionHeaders,
  startTestApi,
  type TestActor,
  type TestApi,
} from "../src/testing";
import { callerFor, caught, openDb } from "./support/callers";

type CallerKind = "session" | "apiKey";

interface MatrixRow {
  /** The callers the procedure serves. Every other kind must get UNAUTHORIZED. */
  accepts: CallerKind[];
  /**
   * Gives A something the procedure could reach and returns the input with
   * which B aims at it (undefined for procedures without input).
   */
  aimAtA: (db: Db, a: TestActor) => Promise<unknown>;
  /**
   * "not_found": B's call must fail as if A's resource did not exist.
   * "own_only": B's call succeeds, about B alone.
   */
  outcome: "not_found" | "own_only";
  /** For "not_found": an input naming nothing at all; B must get the same code and message. */
  nothing?: () => unknown;
  /** For "own_only": what shows the call really served B. */
  servesB?: (result: unknown, b: TestActor, db: Db) => Promise<void> | void;
}

const services = createTestServices();

/** Gives A a connected Amazon account with one profile, as the connect flow would store it. */
const giveAnAccount = (db: Db, a: TestActor) =>
  createTestAccount(db, services.vault, a, {
    amazonName: "A's Amazon",
    expiresInSeconds: 3600,
    withProfile: true,
  });

const MATRIX: Record<string, MatrixRow> = {
  "accounts.list": {
    accepts: ["session"],
    aimAtA: async (db, a) => {
      await giveAnAccount(db, a);
      return undefined;
    },
    outcome: "own_only",
    servesB: (result) => expect(result).toEqual([]),
  },
  "accounts.get": {
    accepts: ["session"],
    aimAtA: async (db, a) => ({ accountId: await giveAnAccount(db, a) }),
    outcome: "not_found",
    nothing: () => ({ accountId: randomUUID() }),
  },
  "accounts.disconnect": {
    accepts: ["session"],
    aimAtA: async (db, a) => ({ accountId: await giveAnAccount(db, a) }),
    outcome: "not_found",
    nothing: () => ({ accountId: randomUUID() }),
  },
  "accounts.startConnection": {
    accepts: ["session"],
    aimAtA: async (db, a) => {
      await giveAnAccount(db, a);
      return { region: "EU" };
    },
    outcome: "own_only",
    servesB: async (result, b, db) => {
      const url = new URL((result as { authorizationUrl: string }).authorizationUrl);
      expect(url.pathname).toBe("/eu/ap/oa");
      const pending = await db.oAuthState.findMany({ where: { userId: b.userId } });
      expect(pending).toHaveLength(1);
    },
  },
  "activity.list": {
    accepts: ["session"],
    aimAtA: async (db, a) => ({ accountId: await giveAnAccount(db, a) }),
    outcome: "not_found",
    nothing: () => ({ accountId: randomUUID() }),
  },
  "activity.refreshHealth": {
    accepts: ["session"],
    aimAtA: async (db, a) => ({ accountId: await giveAnAccount(db, a), days: 7 }),
    outcome: "not_found",
    nothing: () => ({ accountId: randomUUID(), days: 7 }),
  },
  "me.get": {
    accepts: ["session"],
    aimAtA: () => Promise.resolve(undefined),
    outcome: "own_only",
    servesB: (result, b) => expect(result).toMatchObject({ id: b.userId, email: b.session.email }),
  },
  "me.whoami": {
    accepts: ["apiKey"],
    aimAtA: () => Promise.resolve(undefined),
    outcome: "own_only",
    servesB: (result, b) =>
      expect(result).toMatchObject({ user: { id: b.userId }, apiKey: { id: b.apiKeyId } }),
  },
  "apiKeys.create": {
    accepts: ["session"],
    aimAtA: () => Promise.resolve({ name: "made by B" }),
    outcome: "own_only",
    servesB: async (result, b, db) => {
      const { apiKey } = result as { apiKey: { id: string } };
      expect(await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).toMatchObject({
        userId: b.userId,
      });
    },
  },
  "apiKeys.list": {
    accepts: ["session"],
    aimAtA: () => Promise.resolve(undefined),
    outcome: "own_only",
    servesB: (result, b) =>
      expect((result as { id: string }[]).map((key) => key.id)).toEqual([b.apiKeyId]),
  },
  "apiKeys.revoke": {
    accepts: ["session"],
    aimAtA: (_db, a) => Promise.resolve({ id: a.apiKeyId }),
    outcome: "not_found",
    nothing: () => ({ id: randomUUID() }),
  },
  "tokens.getAccessToken": {
    accepts: ["session", "apiKey"],
    aimAtA: async (db, a) => ({ accountId: await giveAnAccount(db, a) }),
    outcome: "not_found",
    nothing: () => ({ accountId: randomUUID() }),
  },
};

const procedures = appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>;
const paths = Object.keys(procedures).sort();

let db: Db;
let api: TestApi;
beforeAll(async () => {
  db = openDb();
  api = await startTestApi({ db, logger: captureLogger().logger, services });
});
afterAll(async () => {
  await api.close();
  await db.$disconnect();
});

type Transport = "in-process" | "http";

/** Calls `path` as `caller` of B's kind, through `transport`. */
function call(
  transport: Transport,
  path: string,
  who: TestActor,
  kind: CallerKind,
  input: unknown,
): Promise<unknown> {
  const segments = path.split(".");
  if (transport === "in-process") {
    const caller = callerFor(
      db,
      kind === "session" ? { session: who.session } : { apiKey: who.apiKey },
      undefined,
      services,
    );
    const fn = segments.reduce<unknown>(
      (node, key) => (node as Record<string, unknown>)[key],
      caller,
    );
    return (fn as (input: unknown) => Promise<unknown>)(input);
  }
  const headers: Record<string, string> =
    kind === "session" ? sessionHeaders(who.session) : { authorization: `Bearer ${who.apiKey}` };
  const client = createTRPCClient<AppRouter>({
    links: [httpLink({ url: api.url, transformer: superjson, headers })],
  });
  const node = segments.reduce<unknown>(
    (at, key) => (at as Record<string, unknown>)[key],
    client,
  ) as {
    query: (input: unknown) => Promise<unknown>;
    mutate: (input: unknown) => Promise<unknown>;
  };
  return procedures[path]!._def.type === "query" ? node.query(input) : node.mutate(input);
}

/** Everything A has, as stored. */
async function snapshotOf(a: TestActor) {
  const [user, apiKeys, auditEvents, amazonAccounts, oauthStates] = await Promise.all([
    db.user.findUnique({ where: { id: a.userId } }),
    db.apiKey.findMany({ where: { userId: a.userId }, orderBy: { id: "asc" } }),
    db.auditEvent.findMany({ where: { userId: a.userId }, orderBy: { id: "asc" } }),
    db.amazonAccount.findMany({
      where: { ownerId: a.userId },
      orderBy: { id: "asc" },
      include: { profiles: { include: { dspAdvertisers: true }, orderBy: { id: "asc" } } },
    }),
    db.oAuthState.findMany({ where: { userId: a.userId }, orderBy: { id: "asc" } }),
  ]);
  return { user, apiKeys, auditEvents, amazonAccounts, oauthStates };
}

/** Every string by which A or A's things could be recognised in a response. */
function identifiersOf(a: TestActor, snapshot: Awaited<ReturnType<typeof snapshotOf>>): string[] {
  return [
    a.userId,
    a.session.email,
    a.apiKey,
    ...snapshot.apiKeys.flatMap((key) => [key.id, key.prefix, key.keyHash]),
    ...snapshot.auditEvents.map((event) => event.id),
    ...snapshot.amazonAccounts.flatMap((account) => [
      account.id,
      account.amazonUserId,
      ...account.profiles.map((profile) => profile.profileId.toString()),
    ]),
    ...snapshot.oauthStates.map((state) => state.stateHash),
  ];
}

describe("isolation matrix", () => {
  it("reads the procedures from the router itself", () => {
    expect(paths).toEqual(
      expect.arrayContaining([
        "apiKeys.create",
        "apiKeys.list",
        "apiKeys.revoke",
        "me.get",
        "me.whoami",
      ]),
    );
  });

  it("has a row for every procedure, and none for procedures that are gone", () => {
    const missing = paths.filter((path) => !(path in MATRIX));
    const stale = Object.keys(MATRIX).filter((path) => !paths.includes(path));
    expect(
      missing,
      missing.map((path) => `add procedure ${path} to the isolation matrix`).join("; "),
    ).toEqual([]);
    expect(
      stale,
      `remove ${stale.join(", ")} from the isolation matrix: no such procedure`,
    ).toEqual([]);
  });

  describe.each(paths)("%s", (path) => {
    describe.each<Transport>(["in-process", "http"])("%s", (transport) => {
      it.each<CallerKind>(["session", "apiKey"])(
        "keeps person A's resources from person B calling by %s",
        async (kind) => {
          const row = MATRIX[path];
          if (!row)
            throw new Error(
              `add procedure ${path} to the isolation matrix (test/isolation-matrix.test.ts)`,
            );

          const a = await createActor(db, "a");
          const b = await createActor(db, "b");
          const input = await row.aimAtA(db, a);
          const before = await snapshotOf(a);

          if (!row.accepts.includes(kind)) {
            expect(await caught(call(transport, path, b, kind, input))).toMatchObject({
              code: "UNAUTHORIZED",
            });
          } else if (row.outcome === "not_found") {
            const refused = await caught(call(transport, path, b, kind, input));
            expect(refused.code).toBe("NOT_FOUND");
            if (!row.nothing) throw new Error(`${path}: a not_found row needs \`nothing\``);
            const absent = await caught(call(transport, path, b, kind, row.nothing()));
            expect({ code: refused.code, message: refused.message }).toEqual({
              code: absent.code,
              message: absent.message,
            });
          } else {
            const result = await call(transport, path, b, kind, input);
            const serialized = superjson.stringify(result);
            for (const identifier of identifiersOf(a, before))
              expect(serialized).not.toContain(identifier);
            await row.servesB?.(result, b, db);
          }

          expect(await snapshotOf(a)).toEqual(before);
        },
      );
    });
  });
});
