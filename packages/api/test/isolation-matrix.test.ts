/**
 * Tenancy, for every procedure of both routers: person B, in another workspace (each person
 * here acts in their personal workspace), calling as a signed-in person and with an API key of
 * their workspace, in-process and over HTTP, can never read, list, change or delete what person
 * A's workspace holds. The dashboard's
 * procedures serve sessions only and the machine router's API keys only: the
 * other kind of caller gets UNAUTHORIZED. A refused call is NOT_FOUND exactly
 * as for something that does not exist (never FORBIDDEN, which would tell that
 * it does); a list or profile holds none of A's data; and A's rows are
 * byte-for-byte the same afterwards.
 *
 * Procedures are read from the routers themselves, so one added later fails
 * here until it has a row in MATRIX.
 */
import { randomUUID } from "node:crypto";

import type { Db } from "@adsconnect/db/client";
import { createEndpoint, sendTestEvent } from "@adsconnect/webhooks/endpoints";
import { createTRPCClient, httpLink } from "@trpc/client";
import type { AnyTRPCProcedure, AnyTRPCRouter } from "@trpc/server";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { dashboardRouter } from "../src/dashboard";
import { issueApiKey } from "../src/domain/api-keys/issue-api-key";
import { API_KEY_PERMISSIONS, type ApiKeyPermission } from "../src/domain/api-keys/scopes";
import { machineRouter } from "../src/machine";
import { notFoundPathMessage } from "../src/trpc";
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
import { callerFor, caught, machineCallerFor, openDb } from "./support/callers";

type CallerKind = "session" | "apiKey";
type Surface = "dashboard" | "machine";

/** Whom each router serves; every other kind of caller must get UNAUTHORIZED. */
const SERVES: Record<Surface, CallerKind> = { dashboard: "session", machine: "apiKey" };

interface MatrixRow {
  /**
   * Gives A something the procedure could reach and returns the input with
   * which B aims at it (undefined for procedures without input).
   */
  aimAtA: (db: Db, a: TestActor) => Promise<unknown>;
  /**
   * "not_found": B's call must fail as if A's resource did not exist.
   * "own_only": B's call succeeds, about B alone.
   * "admin_only": an operators' procedure (adminProcedure): B, who is not in ADMIN_USER_IDS,
   * gets NOT_FOUND with tRPC's own answer for a path no router has, by session and by API key
   * alike, so the procedure's existence is not disclosed.
   */
  outcome: "not_found" | "own_only" | "admin_only";
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

/** Gives A's workspace a webhook endpoint (at a public address literal: production rules hold). */
const giveAnEndpoint = async (db: Db, a: TestActor) =>
  (
    await createEndpoint(
      { ...services, db },
      {
        workspaceId: a.workspaceId,
        createdById: a.userId,
        url: "https://93.184.216.34/a",
        eventTypes: [],
      },
    )
  ).endpoint.id;

/** Gives A's endpoint a queued test event; its message id. */
const giveAMessage = async (db: Db, a: TestActor) =>
  (await sendTestEvent({ ...services, db }, a.workspaceId, await giveAnEndpoint(db, a))).messageId;

/** The webhooks.* rows, the same on both routers: B reaches none of A's endpoints or messages. */
const WEBHOOK_ROWS: Record<string, MatrixRow> = {
  "webhooks.listEndpoints": {
    aimAtA: async (db, a) => {
      await giveAnEndpoint(db, a);
      return undefined;
    },
    outcome: "own_only",
    servesB: (result) => expect(result).toEqual([]),
  },
  "webhooks.createEndpoint": {
    aimAtA: async (db, a) => {
      await giveAnEndpoint(db, a);
      return { url: "https://93.184.216.34/b", eventTypes: [] };
    },
    outcome: "own_only",
    servesB: async (result, b, db) => {
      const { endpoint } = result as { endpoint: { id: string } };
      expect(
        await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } }),
      ).toMatchObject({
        workspaceId: b.workspaceId,
      });
    },
  },
  ...Object.fromEntries(
    (
      [
        ["webhooks.getEndpoint", {}],
        ["webhooks.updateEndpoint", { description: "B was here", enabled: false }],
        ["webhooks.deleteEndpoint", {}],
        ["webhooks.rotateSecret", {}],
        ["webhooks.sendTestEvent", {}],
        ["webhooks.listAttempts", {}],
      ] as const
    ).map(([path, extra]): [string, MatrixRow] => [
      path,
      {
        aimAtA: async (db, a) => ({ endpointId: await giveAnEndpoint(db, a), ...extra }),
        outcome: "not_found",
        nothing: () => ({ endpointId: randomUUID(), ...extra }),
      },
    ]),
  ),
  "webhooks.replayMessage": {
    aimAtA: async (db, a) => ({ messageId: await giveAMessage(db, a) }),
    outcome: "not_found",
    nothing: () => ({ messageId: randomUUID() }),
  },
};

const MATRIX: Record<Surface, Record<string, MatrixRow>> = {
  dashboard: {
    "accounts.list": {
      aimAtA: async (db, a) => {
        await giveAnAccount(db, a);
        return undefined;
      },
      outcome: "own_only",
      servesB: (result) => expect(result).toEqual([]),
    },
    "accounts.get": {
      aimAtA: async (db, a) => ({ accountId: await giveAnAccount(db, a) }),
      outcome: "not_found",
      nothing: () => ({ accountId: randomUUID() }),
    },
    "accounts.disconnect": {
      aimAtA: async (db, a) => ({ accountId: await giveAnAccount(db, a) }),
      outcome: "not_found",
      nothing: () => ({ accountId: randomUUID() }),
    },
    "accounts.startConnection": {
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
        expect(pending[0]?.workspaceId).toBe(b.workspaceId);
      },
    },
    "activity.list": {
      aimAtA: async (db, a) => ({ accountId: await giveAnAccount(db, a) }),
      outcome: "not_found",
      nothing: () => ({ accountId: randomUUID() }),
    },
    "activity.refreshHealth": {
      aimAtA: async (db, a) => ({ accountId: await giveAnAccount(db, a), days: 7 }),
      outcome: "not_found",
      nothing: () => ({ accountId: randomUUID(), days: 7 }),
    },
    "me.get": {
      aimAtA: () => Promise.resolve(undefined),
      outcome: "own_only",
      servesB: (result, b) =>
        expect(result).toMatchObject({ id: b.userId, email: b.session.email }),
    },
    "me.deleteMyData": {
      aimAtA: async (db, a) => {
        await giveAnAccount(db, a);
        return { confirmation: "delete my data" };
      },
      outcome: "own_only",
      servesB: async (result, b, db) => {
        expect(result).toMatchObject({ erased: true, counts: { users: 1, apiKeys: 1 } });
        expect(await db.user.count({ where: { id: b.userId } })).toBe(0);
        expect(await db.apiKey.count({ where: { workspaceId: b.workspaceId } })).toBe(0);
      },
    },
    "apiKeys.create": {
      aimAtA: () => Promise.resolve({ name: "made by B" }),
      outcome: "own_only",
      servesB: async (result, b, db) => {
        const { apiKey } = result as { apiKey: { id: string } };
        expect(await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).toMatchObject({
          workspaceId: b.workspaceId,
          createdById: b.userId,
        });
      },
    },
    "apiKeys.list": {
      aimAtA: () => Promise.resolve(undefined),
      outcome: "own_only",
      servesB: (result, b) =>
        expect((result as { id: string }[]).map((key) => key.id)).toEqual([b.apiKeyId]),
    },
    "apiKeys.revoke": {
      aimAtA: (_db, a) => Promise.resolve({ id: a.apiKeyId }),
      outcome: "not_found",
      nothing: () => ({ id: randomUUID() }),
    },
    "operations.status": {
      aimAtA: async (db, a) => {
        await giveAnAccount(db, a);
        return undefined;
      },
      outcome: "admin_only",
    },
    "operations.refreshHistory": {
      aimAtA: async (db, a) => {
        await giveAnAccount(db, a);
        return undefined;
      },
      outcome: "admin_only",
    },
    "operations.recentFailures": {
      aimAtA: async (db, a) => {
        await giveAnAccount(db, a);
        return { limit: 20 };
      },
      outcome: "admin_only",
    },
    ...WEBHOOK_ROWS,
  },
  machine: {
    "accounts.list": {
      aimAtA: async (db, a) => {
        await giveAnAccount(db, a);
        return { limit: 100 };
      },
      outcome: "own_only",
      servesB: (result) => expect(result).toEqual({ items: [], nextCursor: null }),
    },
    "accounts.get": {
      aimAtA: async (db, a) => ({ accountId: await giveAnAccount(db, a) }),
      outcome: "not_found",
      nothing: () => ({ accountId: randomUUID() }),
    },
    "accounts.advertisers": {
      aimAtA: async (db, a) => ({ accountId: await giveAnAccount(db, a) }),
      outcome: "not_found",
      nothing: () => ({ accountId: randomUUID() }),
    },
    "me.whoami": {
      aimAtA: () => Promise.resolve(undefined),
      outcome: "own_only",
      servesB: (result, b) =>
        expect(result).toMatchObject({
          workspace: { id: b.workspaceId },
          apiKey: { id: b.apiKeyId },
        }),
    },
    "tokens.getAccessToken": {
      aimAtA: async (db, a) => ({
        accountId: await giveAnAccount(db, a),
        profileId: "4400000000000000999",
      }),
      outcome: "not_found",
      nothing: () => ({ accountId: randomUUID(), profileId: "4400000000000000999" }),
    },
    ...WEBHOOK_ROWS,
  },
};

const procedures: Record<Surface, Record<string, AnyTRPCProcedure>> = {
  dashboard: dashboardRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>,
  machine: machineRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>,
};
const SURFACES: Surface[] = ["dashboard", "machine"];
/** Every procedure of both routers, as [surface, path]. */
const procedureList = SURFACES.flatMap((surface) =>
  Object.keys(procedures[surface])
    .sort()
    .map((path) => [surface, path] as [Surface, string]),
);

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

/** A session as a browser presents it to apps/api: a cookie (the test session header beside it). */
const sessionCookie = "__session=eyJhbGciOiJSUzI1NiJ9.e30.c2ln";

/**
 * Calls `surface`'s `path` as `who`, presenting what a caller of `kind` presents, through
 * `transport`: a session (in-process, the dashboard's context; over HTTP, the test session
 * header and a cookie) or an API key (in-process, the machine context's headers; over HTTP,
 * `Authorization: Bearer`). A dashboard request's context never reads a key, and a machine
 * request's has no session.
 */
function call(
  transport: Transport,
  surface: Surface,
  path: string,
  who: TestActor,
  kind: CallerKind,
  input: unknown,
): Promise<unknown> {
  const segments = path.split(".");
  const pick = (root: unknown) =>
    segments.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
  if (transport === "in-process") {
    const caller =
      surface === "dashboard"
        ? callerFor(db, kind === "session" ? { session: who.session } : {}, undefined, services)
        : machineCallerFor(
            db,
            kind === "apiKey" ? { apiKey: who.apiKey } : { cookie: sessionCookie },
            undefined,
            services,
          );
    return (pick(caller) as (input: unknown) => Promise<unknown>)(input);
  }
  const headers: Record<string, string> =
    kind === "session"
      ? { ...sessionHeaders(who.session), cookie: sessionCookie }
      : { authorization: `Bearer ${who.apiKey}` };
  const client = createTRPCClient<AnyTRPCRouter>({
    links: [
      httpLink({
        url: surface === "dashboard" ? api.dashboardUrl : api.machineUrl,
        transformer: superjson,
        headers,
      }),
    ],
  });
  const node = pick(client) as {
    query: (input: unknown) => Promise<unknown>;
    mutate: (input: unknown) => Promise<unknown>;
  };
  // A path the router lacks is asked as a query.
  return (procedures[surface][path]?._def.type ?? "query") === "query"
    ? node.query(input)
    : node.mutate(input);
}

/** Everything A and A's workspace have, as stored. */
async function snapshotOf(a: TestActor) {
  const { workspaceId } = a;
  const [user, apiKeys, auditEvents, amazonAccounts, oauthStates, webhookEndpoints] =
    await Promise.all([
      db.user.findUnique({ where: { id: a.userId } }),
      db.apiKey.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
      db.auditEvent.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
      db.amazonAccount.findMany({
        where: { workspaceId },
        orderBy: { id: "asc" },
        include: { profiles: { include: { dspAdvertisers: true }, orderBy: { id: "asc" } } },
      }),
      db.oAuthState.findMany({
        where: { OR: [{ userId: a.userId }, { workspaceId }] },
        orderBy: { id: "asc" },
      }),
      db.webhookEndpoint.findMany({
        where: { workspaceId },
        orderBy: { id: "asc" },
        include: { messages: { orderBy: { id: "asc" }, include: { attempts: true } } },
      }),
    ]);
  return { user, apiKeys, auditEvents, amazonAccounts, oauthStates, webhookEndpoints };
}

/** Every string by which A or A's things could be recognised in a response. */
function identifiersOf(a: TestActor, snapshot: Awaited<ReturnType<typeof snapshotOf>>): string[] {
  return [
    a.userId,
    a.workspaceId,
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
    ...snapshot.webhookEndpoints.flatMap((endpoint) => [
      endpoint.id,
      endpoint.url,
      ...endpoint.messages.flatMap((message) => [message.id, message.eventId]),
    ]),
  ];
}

describe("isolation matrix", () => {
  it("reads the procedures from the routers themselves", () => {
    expect(procedureList).toEqual(
      expect.arrayContaining([
        ["dashboard", "apiKeys.create"],
        ["dashboard", "apiKeys.list"],
        ["dashboard", "apiKeys.revoke"],
        ["dashboard", "me.deleteMyData"],
        ["dashboard", "me.get"],
        ["machine", "accounts.advertisers"],
        ["machine", "accounts.get"],
        ["machine", "accounts.list"],
        ["machine", "me.whoami"],
        ["machine", "tokens.getAccessToken"],
      ]),
    );
  });

  it("hands out no token on the dashboard's router", () => {
    expect(Object.keys(procedures.dashboard).filter((path) => path.startsWith("tokens."))).toEqual(
      [],
    );
  });

  it("has no operators' procedures on the machine router, and answers a path it lacks as adminProcedure does", async () => {
    expect(
      Object.keys(procedures.machine).filter((path) => path.startsWith("operations.")),
    ).toEqual([]);
    const b = await createActor(db, "b");
    // Over HTTP, tRPC's answer for a path no router has: what adminProcedure answers non-operators.
    const absent = await caught(
      call("http", "machine", "operations.status", b, "apiKey", undefined),
    );
    expect({ code: absent.code, message: absent.message }).toEqual({
      code: "NOT_FOUND",
      message: notFoundPathMessage("operations.status"),
    });
  });

  it.each(SURFACES)(
    "has a row for every procedure of the %s router, and none for procedures that are gone",
    (surface) => {
      const paths = Object.keys(procedures[surface]);
      const missing = paths.filter((path) => !(path in MATRIX[surface]));
      const stale = Object.keys(MATRIX[surface]).filter((path) => !paths.includes(path));
      expect(
        missing,
        missing
          .map((path) => `add ${surface} procedure ${path} to the isolation matrix`)
          .join("; "),
      ).toEqual([]);
      expect(
        stale,
        `remove ${stale.join(", ")} from the isolation matrix's ${surface} rows: no such procedure`,
      ).toEqual([]);
    },
  );

  describe.each(procedureList)("%s %s", (surface, path) => {
    describe.each<Transport>(["in-process", "http"])("%s", (transport) => {
      it.each<CallerKind>(["session", "apiKey"])(
        "keeps person A's resources from person B calling by %s",
        async (kind) => {
          const row = MATRIX[surface][path];
          if (!row)
            throw new Error(
              `add ${surface} procedure ${path} to the isolation matrix (test/isolation-matrix.test.ts)`,
            );

          const a = await createActor(db, "a");
          const b = await createActor(db, "b");
          // B's key may do everything: these rows test tenancy (the key scopes' below, permissions).
          await db.apiKey.update({
            where: { id: b.apiKeyId },
            data: { permissions: [...API_KEY_PERMISSIONS] },
          });
          const input = await row.aimAtA(db, a);
          const before = await snapshotOf(a);
          const callAsB = (input: unknown) => call(transport, surface, path, b, kind, input);

          if (row.outcome === "admin_only") {
            const refused = await caught(callAsB(input));
            if (transport === "http" && kind === "apiKey") {
              // The dashboard's handler refuses any bearer before it reads a path or a session:
              // the same answer as for a path that does not exist.
              const absent = await caught(
                call(transport, surface, "operations.noSuchProcedure", b, kind, input),
              );
              expect(refused.code).toBe("UNAUTHORIZED");
              expect({ code: refused.code, message: refused.message }).toEqual({
                code: absent.code,
                message: absent.message,
              });
            } else
              expect({ code: refused.code, message: refused.message }).toEqual({
                code: "NOT_FOUND",
                message: notFoundPathMessage(path),
              });
          } else if (SERVES[surface] !== kind) {
            expect(await caught(callAsB(input))).toMatchObject({ code: "UNAUTHORIZED" });
          } else if (row.outcome === "not_found") {
            const refused = await caught(callAsB(input));
            expect(refused.code).toBe("NOT_FOUND");
            if (!row.nothing) throw new Error(`${path}: a not_found row needs \`nothing\``);
            const absent = await caught(callAsB(row.nothing()));
            expect({ code: refused.code, message: refused.message }).toEqual({
              code: absent.code,
              message: absent.message,
            });
          } else {
            const result = await callAsB(input);
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

/**
 * Key scopes, for every machine procedure: what it needs (a permission, and
 * whether it takes an account). A new machine procedure fails here until it
 * has its entry.
 */
const SCOPES: Record<string, { permission: ApiKeyPermission | null; account: boolean }> = {
  "me.whoami": { permission: null, account: false },
  "accounts.list": { permission: "accounts:read", account: false },
  "accounts.get": { permission: "accounts:read", account: true },
  "accounts.advertisers": { permission: "accounts:read", account: true },
  "tokens.getAccessToken": { permission: "tokens:read", account: true },
  ...Object.fromEntries(
    Object.keys(WEBHOOK_ROWS).map((path) => [
      path,
      { permission: "webhooks:manage" as const, account: false },
    ]),
  ),
};

/** A new key of A's workspace with this scope, as an actor whose apiKey is it. */
async function withKey(
  a: TestActor,
  scope: Parameters<typeof issueApiKey>[1] extends infer T
    ? Omit<T, "workspaceId" | "createdById" | "name">
    : never,
): Promise<TestActor> {
  const { key, apiKey } = await issueApiKey(db, {
    workspaceId: a.workspaceId,
    createdById: a.userId,
    name: "scoped",
    permissions: [...API_KEY_PERMISSIONS],
    ...scope,
  });
  return { ...a, apiKey: key, apiKeyId: apiKey.id };
}

describe("isolation matrix: key scopes", () => {
  it("has a scope entry for every machine procedure", () => {
    expect(Object.keys(procedures.machine).sort()).toEqual(Object.keys(SCOPES).sort());
  });

  const machineProcedures = Object.keys(procedures.machine).sort();
  describe.each(machineProcedures)("machine %s", (path) => {
    describe.each<Transport>(["in-process", "http"])("%s", (transport) => {
      const scope = SCOPES[path]!;
      const run = (who: TestActor, input: unknown) =>
        call(transport, "machine", path, who, "apiKey", input);

      it("refuses, with FORBIDDEN naming it, a key of the owner that lacks the permission it needs", async () => {
        const a = await createActor(db, "a");
        const input = await MATRIX.machine[path]!.aimAtA(db, a);
        const permissions = API_KEY_PERMISSIONS.filter((p) => p !== scope.permission);
        const key = await withKey(a, { permissions });
        if (scope.permission === null) {
          await expect(run(key, input)).resolves.toBeDefined();
          return;
        }
        const refused = await caught(run(key, input));
        expect(refused.code).toBe("FORBIDDEN");
        expect(refused.message).toContain(`"${scope.permission}"`);
        expect(refused.message).toMatch(/Create a key that has it/);
      });

      it("keeps out of reach the owner's accounts outside the key's account list", async () => {
        const a = await createActor(db, "a");
        const input = await MATRIX.machine[path]!.aimAtA(db, a);
        const allowed = await createTestAccount(db, services.vault, a);
        const key = await withKey(a, { accountIds: [allowed] });
        if (scope.account) {
          const refused = await caught(run(key, input));
          const absent = await caught(run(key, MATRIX.machine[path]!.nothing!()));
          expect(refused.code).toBe("NOT_FOUND");
          expect({ code: refused.code, message: refused.message }).toEqual({
            code: absent.code,
            message: absent.message,
          });
          return;
        }
        if (path.startsWith("webhooks.")) {
          // An endpoint hears of every account: a key limited to some may not manage them.
          const refused = await caught(run(key, input));
          expect(refused.code).toBe("FORBIDDEN");
          expect(refused.message).toMatch(/limited to some accounts/);
          return;
        }
        const result = await run(key, input);
        if (path === "accounts.list")
          expect((result as { items: { id: string }[] }).items.map((item) => item.id)).toEqual([
            allowed,
          ]);
        else expect(result).toBeDefined();
      });

      it("refuses an expired key of the owner as UNAUTHORIZED, saying it expired", async () => {
        const a = await createActor(db, "a");
        const input = await MATRIX.machine[path]!.aimAtA(db, a);
        const key = await withKey(a, { expiresAt: new Date(Date.now() + 60_000) });
        await db.apiKey.update({
          where: { id: key.apiKeyId },
          data: { expiresAt: new Date(Date.now() - 1000) },
        });
        const refused = await caught(run(key, input));
        expect(refused.code).toBe("UNAUTHORIZED");
        expect(refused.message).toMatch(/expired .*Create a new one/);
      });
    });
  });
});
