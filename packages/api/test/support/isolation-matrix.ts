// The isolation matrix's rows, shared by test/isolation-matrix.test.ts (person B of another
// tenant) and test/workspace-isolation-matrix.test.ts (members, removed members, other
// workspaces' keys, scoped keys): what each procedure of both routers is given and must answer.
// The procedures are read from the routers, so a new one fails both files until it has its row.
import { randomUUID } from "node:crypto";

import type { Db } from "@adsconnect/db/client";
import { createEndpoint, sendTestEvent } from "@adsconnect/webhooks/endpoints";
import type { Services } from "@adsconnect/services";
import { createTRPCClient, httpLink } from "@trpc/client";
import type { AnyTRPCProcedure, AnyTRPCRouter } from "@trpc/server";
import superjson from "superjson";
import { expect } from "vitest";

import {
  createDashboardCaller,
  createDashboardContext,
  dashboardRouter,
} from "../../src/dashboard";
import type { ApiKeyPermission } from "../../src/domain/api-keys/scopes";
import { machineRouter } from "../../src/machine";
import {
  createTestAccount,
  createTestWorkspace,
  createTestServices,
  sessionHeaders,
  type TestActor,
  type TestApi,
} from "../../src/testing";
import { machineCallerFor, type CaughtError } from "./callers";

export type CallerKind = "session" | "apiKey";
export type Surface = "dashboard" | "machine";

/** Whom each router serves; every other kind of caller must get UNAUTHORIZED. */
export const SERVES: Record<Surface, CallerKind> = { dashboard: "session", machine: "apiKey" };

export interface MatrixRow {
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
   * "refused": B's call fails with `code` exactly as it does for `nothing` (e.g. B's personal
   * workspace has no members to manage): the answer cannot tell whether A's thing exists.
   */
  outcome: "not_found" | "own_only" | "admin_only" | "refused";
  /** For "refused": the code B gets either way. */
  code?: string;
  /** For "not_found" and "refused": an input naming nothing at all; B must get the same code and message. */
  nothing?: () => unknown;
  /** For "own_only": what shows the call really served B. */
  servesB?: (result: unknown, b: TestActor, db: Db) => Promise<void> | void;
  /**
   * For a person's own procedures called by a member of a shared workspace (`member` acts in
   * it): what shows the call served them there. Without it, servesB checks the answer about
   * the same person in their personal workspace.
   */
  servesMember?: (result: unknown, member: TestActor) => void;
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
export const WEBHOOK_ROWS: Record<string, MatrixRow> = {
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

export const MATRIX: Record<Surface, Record<string, MatrixRow>> = {
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
    "workspaces.list": {
      aimAtA: async (db, a) => {
        await createTestWorkspace(db, { admins: [a] });
        return undefined;
      },
      outcome: "own_only",
      servesB: (result, b) =>
        expect((result as { workspaceId: string }[]).map((w) => w.workspaceId)).toEqual([
          b.workspaceId,
        ]),
      // A member's list holds the shared workspace beside their personal one.
      servesMember: (result, member) =>
        expect((result as { workspaceId: string }[]).map((w) => w.workspaceId)).toContain(
          member.workspaceId,
        ),
    },
    "workspaces.current": {
      aimAtA: () => Promise.resolve(undefined),
      outcome: "own_only",
      servesB: (result, b) =>
        expect(result).toMatchObject({ workspaceId: b.workspaceId, kind: "personal" }),
    },
    "workspaces.members": {
      aimAtA: () => Promise.resolve(undefined),
      outcome: "own_only",
      servesB: (result, b) =>
        expect((result as { userId: string }[]).map((m) => m.userId)).toEqual([b.userId]),
    },
    // The matrix's callers sign in with Clerk (the context's default): no workspace is made.
    "workspaces.create": {
      aimAtA: () => Promise.resolve({ name: "B's workspace" }),
      outcome: "refused",
      code: "FORBIDDEN",
      nothing: () => ({ name: "Nothing" }),
    },
    "workspaces.addMember": {
      aimAtA: async (db, a) => {
        await createTestWorkspace(db, { admins: [a] });
        return { email: a.session.email };
      },
      outcome: "refused",
      code: "FORBIDDEN",
      nothing: () => ({ email: `nobody-${randomUUID()}@example.com` }),
    },
    "workspaces.changeRole": {
      aimAtA: async (db, a) => {
        await createTestWorkspace(db, { admins: [a] });
        return { userId: a.userId, role: "member" };
      },
      outcome: "refused",
      code: "FORBIDDEN",
      nothing: () => ({ userId: `user_${randomUUID()}`, role: "member" }),
    },
    "workspaces.removeMember": {
      aimAtA: async (db, a) => {
        await createTestWorkspace(db, { admins: [a] });
        return { userId: a.userId };
      },
      outcome: "refused",
      code: "FORBIDDEN",
      nothing: () => ({ userId: `user_${randomUUID()}` }),
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

export const procedures: Record<Surface, Record<string, AnyTRPCProcedure>> = {
  dashboard: dashboardRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>,
  machine: machineRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>,
};
export const SURFACES: Surface[] = ["dashboard", "machine"];
/** Every procedure of both routers, as [surface, path]. */
export const procedureList = SURFACES.flatMap((surface) =>
  Object.keys(procedures[surface])
    .sort()
    .map((path) => [surface, path] as [Surface, string]),
);

/**
 * Key scopes, for every machine procedure: what it needs (a permission, and
 * whether it takes an account). A new machine procedure fails here until it
 * has its entry.
 */
export const SCOPES: Record<string, { permission: ApiKeyPermission | null; account: boolean }> = {
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

/**
 * Everything a workspace holds, as stored; given a person (`userId`), their users row and the
 * connections they started anywhere too. A refused call must leave it byte for byte the same.
 */
export function snapshotOf(
  db: Db,
  { workspaceId, userId }: { workspaceId: string; userId?: string },
) {
  const where = { workspaceId };
  return allAtOnce({
    user: userId === undefined ? null : db.user.findUnique({ where: { id: userId } }),
    workspace: db.workspace.findUnique({ where: { id: workspaceId } }),
    memberships: db.workspaceMembership.findMany({ where, orderBy: { userId: "asc" } }),
    apiKeys: db.apiKey.findMany({ where, orderBy: { id: "asc" } }),
    auditEvents: db.auditEvent.findMany({ where, orderBy: { id: "asc" } }),
    amazonAccounts: db.amazonAccount.findMany({
      where,
      orderBy: { id: "asc" },
      include: { profiles: { include: { dspAdvertisers: true }, orderBy: { id: "asc" } } },
    }),
    oauthStates: db.oAuthState.findMany({
      where: userId === undefined ? where : { OR: [{ userId }, where] },
      orderBy: { id: "asc" },
    }),
    webhookEndpoints: db.webhookEndpoint.findMany({
      where,
      orderBy: { id: "asc" },
      include: { messages: { orderBy: { id: "asc" }, include: { attempts: true } } },
    }),
  });
}

/** Awaits every query of `queries` together; their results under the same keys. */
async function allAtOnce<T extends Record<string, unknown>>(
  queries: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.all(Object.values(queries));
  const keys = Object.keys(queries);
  return Object.fromEntries(keys.map((key, i) => [key, results[i]])) as {
    [K in keyof T]: Awaited<T[K]>;
  };
}

export type MatrixSnapshot = Awaited<ReturnType<typeof snapshotOf>>;

/** Every string by which the snapshot's person, workspace or things could be recognised in an answer. */
export function identifiersOf(snapshot: MatrixSnapshot): string[] {
  const { user, workspace } = snapshot;
  if (!workspace) throw new Error("the snapshot's workspace does not exist");
  return [
    ...(user ? [user.id, user.email] : []),
    workspace.id,
    // Every personal workspace has the same name: only a shared one's names it.
    ...(workspace.kind === "personal" ? [] : [workspace.name]),
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

/** `result`, as it would cross HTTP, names none of `identifiers`. */
export function expectNoneOf(result: unknown, identifiers: string[]) {
  const serialized = superjson.stringify(result);
  for (const identifier of identifiers) expect(serialized).not.toContain(identifier);
}

/** A refusal of a call aimed at something real answers as one aimed at nothing: it discloses nothing. */
export function expectRefusedAsForNothing(refused: CaughtError, absent: CaughtError) {
  expect({ code: refused.code, message: refused.message }).toEqual({
    code: absent.code,
    message: absent.message,
  });
}

export type Transport = "in-process" | "http";

/** A session as a browser presents it to apps/api: a cookie (the test session header beside it). */
const sessionCookie = "__session=eyJhbGciOiJSUzI1NiJ9.e30.c2ln";

/** Calls a procedure of either router as someone: see matrixCaller. */
export type MatrixCall = (
  transport: Transport,
  surface: Surface,
  path: string,
  who: TestActor,
  kind: CallerKind,
  input: unknown,
) => Promise<unknown>;

/**
 * Calls `surface`'s `path` as `who`, presenting what a caller of `kind` presents, through
 * `transport`: a session acting in `who.workspaceId` (in-process, the dashboard's context with
 * it selected; over HTTP, the test session and workspace headers and a cookie) or an API key,
 * `who.apiKey` (in-process, the machine context's headers; over HTTP, `Authorization: Bearer`).
 * A dashboard request's context never reads a key, and a machine request's has no session.
 */
export function matrixCaller(opened: {
  readonly db: Db;
  readonly api: TestApi;
  readonly services: Services;
}): MatrixCall {
  return (transport, surface, path, who, kind, input) => {
    // Read at each call: useTestApi opens them before the tests run.
    const { db, api, services } = opened;
    const segments = path.split(".");
    const pick = (root: unknown) =>
      segments.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
    if (transport === "in-process") {
      const caller =
        surface === "dashboard"
          ? createDashboardCaller(
              createDashboardContext({
                services: { ...services, db },
                session: kind === "session" ? who.session : null,
                selectedWorkspaceId: who.workspaceId,
              }),
            )
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
        ? { ...sessionHeaders(who.session, who.workspaceId), cookie: sessionCookie }
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
  };
}
