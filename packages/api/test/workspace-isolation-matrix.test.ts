/**
 * Workspaces (issue 14), for every procedure of both routers and the Amazon callback, in a
 * world of two shared workspaces: W1 (its admin A, its member M) and W2 (its admin O):
 *
 * (a) a member of another workspace (O, acting in W2, by session) and
 * (d) an API key of another workspace (W2's) reach nothing of W1: the base matrix's outcome
 *     (NOT_FOUND exactly as for nothing, or an answer about W2 alone holding none of W1's data);
 * (b) a member (M) doing an admin's action is FORBIDDEN, the message naming W1; reads succeed;
 * (c) a removed member is refused on the very next call (FORBIDDEN, not a member); a key bound
 *     to its creator dies with their removal at once, an unbound one keeps working;
 * (e) a W1 key whose scope excludes the account (permission or account list) is refused.
 *
 * Every refused call leaves W1's rows byte for byte as they were. The dashboard procedures'
 * roles are in MEMBER_ACCESS; the outcomes, inputs and scopes come from the base matrix
 * (./support/isolation-matrix.ts), which reads the procedures from the routers: a procedure
 * added later fails here until it has its rows. The Ads API proxy's rows are in
 * packages/ads-proxy/test/workspace-isolation.test.ts (it depends on this package), the
 * callback's over HTTP through the web app in apps/web/test/callback-isolation.test.ts.
 */
import { randomUUID } from "node:crypto";

import { completeConnection, hashOAuthState } from "@adsconnect/accounts";
import { notAMemberMessage } from "@adsconnect/workspaces";
import superjson from "superjson";
import { describe, expect, it } from "vitest";

import { authenticateApiKey } from "../src/domain/api-keys/authenticate-api-key";
import { API_KEY_PERMISSIONS } from "../src/domain/api-keys/scopes";
import { notFoundPathMessage } from "../src/trpc";
import {
  createActor,
  createTestAccount,
  createTestServices,
  createTestWorkspace,
  createTestWorkspaceKey,
  removeTestMember,
  type TestActor,
  type TestWorkspace,
} from "../src/testing";
import { caught } from "./support/callers";
import {
  expectNoneOf,
  expectRefusedAsForNothing,
  identifiersOf,
  MATRIX,
  matrixCaller,
  procedureList,
  procedures,
  SCOPES,
  snapshotOf,
  type MatrixRow,
  type Surface,
  type Transport,
} from "./support/isolation-matrix";
import { useTestApi } from "./support/test-api";

/**
 * What a member of the workspace may do with each dashboard procedure (the contract's roles):
 * "read" succeeds and changes nothing; "admin" is FORBIDDEN naming the workspace; "personal"
 * is the person's own, whatever their membership (me.*); "operator" is ADMIN_USER_IDS' alone;
 * "everyone_refused" is refused to the admin alike, with the same answer.
 */
type MemberAccess = "read" | "admin" | "personal" | "operator" | "everyone_refused";
const MEMBER_ACCESS: Record<string, MemberAccess> = {
  "accounts.list": "read",
  "accounts.get": "read",
  "accounts.disconnect": "admin",
  // A new connection (the row's input). A member's reconnection of an account that needs it:
  // test/shared-workspace tests and packages/accounts/test/shared-workspace.test.ts.
  "accounts.startConnection": "admin",
  "activity.list": "read",
  "activity.refreshHealth": "read",
  "apiKeys.create": "admin",
  "apiKeys.list": "read",
  "apiKeys.revoke": "admin",
  "me.get": "personal",
  "me.deleteMyData": "personal",
  // Which workspaces the person is in: W1 while they are a member, not once removed.
  "workspaces.list": "personal",
  "workspaces.current": "read",
  "workspaces.members": "read",
  // Refused to everyone under Clerk sign-in (the matrix's callers): workspaces are made in Clerk.
  "workspaces.create": "everyone_refused",
  "workspaces.addMember": "admin",
  "workspaces.changeRole": "admin",
  "workspaces.removeMember": "admin",
  "webhooks.listEndpoints": "read",
  "webhooks.getEndpoint": "read",
  "webhooks.listAttempts": "read",
  "webhooks.createEndpoint": "admin",
  "webhooks.updateEndpoint": "admin",
  "webhooks.deleteEndpoint": "admin",
  "webhooks.rotateSecret": "admin",
  "webhooks.sendTestEvent": "admin",
  "webhooks.replayMessage": "admin",
  "operations.status": "operator",
  "operations.refreshHistory": "operator",
  "operations.recentFailures": "operator",
};

/** Reads whose answer names what the row aimed at (a list or the thing itself). */
const SHOWS_WHAT_IT_AIMED_AT = new Set(["accounts.list", "accounts.get", "apiKeys.list"]);

const services = createTestServices();
const t = useTestApi({ services });
const call = matrixCaller(t);

/** A person acting in `workspace`, presenting `key` (a key of that workspace) on the machine API. */
function actingIn(
  person: TestActor,
  workspace: TestWorkspace,
  key: { key: string; apiKeyId: string },
): TestActor {
  return { ...person, workspaceId: workspace.workspaceId, apiKey: key.key, apiKeyId: key.apiKeyId };
}

/**
 * W1 with its admin A and member M, W2 with its admin O, each workspace with a key its admin
 * made. `a`, `m` and `o` act in their shared workspace, presenting its key.
 */
/** Keys here may do everything (webhooks:manage is not a default): each row's scope is what is tested. */
const EVERY_PERMISSION = { permissions: [...API_KEY_PERMISSIONS] };

async function twoWorkspaces() {
  const [admin, member, outsider] = await Promise.all([
    createActor(t.db, "w1 admin"),
    createActor(t.db, "w1 member"),
    createActor(t.db, "w2 admin"),
  ]);
  const w1 = await createTestWorkspace(t.db, { admins: [admin], members: [member] });
  const w2 = await createTestWorkspace(t.db, { admins: [outsider] });
  const w1Key = await createTestWorkspaceKey(t.db, w1, admin, EVERY_PERMISSION);
  const w2Key = await createTestWorkspaceKey(t.db, w2, outsider, EVERY_PERMISSION);
  return {
    w1,
    w2,
    a: actingIn(admin, w1, w1Key),
    m: actingIn(member, w1, w1Key),
    o: actingIn(outsider, w2, w2Key),
    /** The same people as createActor made them, in their personal workspaces (me.*'s rows check those). */
    personal: { member, outsider },
  };
}

/** A refusal's code and message (over HTTP, caught() also gives the formatted data). */
async function refusalOf(promise: Promise<unknown>) {
  const { code, message } = await caught(promise);
  return { code, message };
}

/**
 * A key's first use writes its lastUsedAt (once a minute): use it once before a snapshot, so the
 * snapshot compares what the call under test did.
 */
async function warm(key: string) {
  await authenticateApiKey(services.pool, key);
}

const TRANSPORTS: Transport[] = ["in-process", "http"];

/**
 * The base matrix's B acts in a personal workspace; W2's admin acts in a shared one, so the
 * workspaces.* rows mean something else for them: they manage W2, never W1.
 */
const OUTSIDER_ROWS: Record<string, Partial<MatrixRow>> = {
  "workspaces.list": {
    outcome: "own_only",
    servesB: (result, o) =>
      expect((result as { workspaceId: string }[]).map((w) => w.workspaceId)).toContain(
        o.workspaceId,
      ),
  },
  "workspaces.current": {
    outcome: "own_only",
    servesB: (result, o) => expect(result).toMatchObject({ workspaceId: o.workspaceId }),
  },
  "workspaces.members": {
    outcome: "own_only",
    servesB: (result, o) =>
      expect((result as { userId: string }[]).map((m) => m.userId)).toEqual([o.userId]),
  },
  // W2's admin adding someone to W2 manages their own workspace: served, and W1 is untouched.
  "workspaces.addMember": {
    aimAtA: () => Promise.resolve({ email: `new-${randomUUID()}@example.com` }),
    outcome: "own_only",
    servesB: undefined,
  },
  // Erasing W2's only member takes W2 too (a local workspace nobody could reach any more), with its
  // key: two keys go, their personal one and W2's; W1 is untouched (checked for every row).
  "me.deleteMyData": {
    servesB: async (result, o, db) => {
      expect(result).toMatchObject({ erased: true, counts: { users: 1, apiKeys: 2 } });
      expect(await db.user.count({ where: { id: o.userId } })).toBe(0);
    },
  },
  // A is no member of W2: the same answer as for nobody at all.
  "workspaces.changeRole": { outcome: "not_found" },
  "workspaces.removeMember": { outcome: "not_found" },
};

describe("workspace isolation matrix", () => {
  it("has a member's access for every dashboard procedure, and none for procedures that are gone", () => {
    expect(Object.keys(MEMBER_ACCESS).sort()).toEqual(Object.keys(procedures.dashboard).sort());
  });

  describe.each(procedureList)("%s %s", (surface: Surface, path: string) => {
    const row = MATRIX[surface][path]!;
    const outsiderRow: MatrixRow = { ...row, ...OUTSIDER_ROWS[path] };
    const kind = surface === "dashboard" ? "session" : "apiKey";

    it.each(TRANSPORTS)(
      `(${surface === "dashboard" ? "a" : "d"}) keeps W1 from ${surface === "dashboard" ? "a member of W2" : "a key of W2"} (%s)`,
      async (transport) => {
        const { w1, a, o, personal } = await twoWorkspaces();
        const input = await outsiderRow.aimAtA(t.db, a);
        if (kind === "apiKey") await warm(a.apiKey);
        const before = await snapshotOf(t.db, w1);
        const asO = (input: unknown) => call(transport, surface, path, o, kind, input);

        if (outsiderRow.outcome === "admin_only") {
          expect(await refusalOf(asO(input))).toEqual({
            code: "NOT_FOUND",
            message: notFoundPathMessage(path),
          });
        } else if (outsiderRow.outcome === "not_found" || outsiderRow.outcome === "refused") {
          const refused = await refusalOf(asO(input));
          const absent = await refusalOf(asO(outsiderRow.nothing!()));
          expect(refused.code).toBe(
            outsiderRow.outcome === "not_found" ? "NOT_FOUND" : outsiderRow.code,
          );
          expectRefusedAsForNothing(refused, absent);
        } else {
          const result = await asO(input);
          expectNoneOf(result, identifiersOf(before));
          // The dashboard's me.* is about the person, whichever workspace they act in.
          await outsiderRow.servesB?.(
            result,
            surface === "dashboard" && MEMBER_ACCESS[path] === "personal" ? personal.outsider : o,
            t.db,
          );
        }
        expect(await snapshotOf(t.db, w1)).toEqual(before);
      },
    );

    if (surface === "dashboard") {
      const access = MEMBER_ACCESS[path];

      it.each(TRANSPORTS)(
        `(b) lets a member of W1 do what a member may, and refuses an admin's action naming W1 (%s)`,
        async (transport) => {
          const { w1, a, m, personal } = await twoWorkspaces();
          const input = await row.aimAtA(t.db, a);
          const before = await snapshotOf(t.db, w1);
          const asM = () => call(transport, surface, path, m, "session", input);

          if (access === "admin") {
            const refused = await refusalOf(asM());
            expect(refused.code).toBe("FORBIDDEN");
            expect(refused.message).toContain(`Only an admin of ${w1.name} can`);
          } else if (access === "everyone_refused") {
            const asMember = await refusalOf(asM());
            const asAdmin = await refusalOf(
              call(transport, surface, path, a, "session", row.nothing!()),
            );
            expect(asMember).toEqual(asAdmin);
          } else if (access === "read") {
            const result = superjson.stringify(await asM());
            // What the row aimed at is W1's: the member sees it.
            if (SHOWS_WHAT_IT_AIMED_AT.has(path))
              expect(identifiersOf(before).some((id) => result.includes(id))).toBe(true);
          } else if (access === "operator") {
            expect(await refusalOf(asM())).toEqual({
              code: "NOT_FOUND",
              message: notFoundPathMessage(path),
            });
          } else {
            // Their own (me.*): served, about them; W1's things stay (an erasure ends only
            // their membership).
            const result = await asM();
            if (row.servesMember) row.servesMember(result, m);
            else await row.servesB?.(result, personal.member, t.db);
            const after = await snapshotOf(t.db, w1);
            expect({ ...after, memberships: [] }).toEqual({ ...before, memberships: [] });
            return;
          }
          expect(await snapshotOf(t.db, w1)).toEqual(before);
        },
      );

      it.each(TRANSPORTS)(
        "(c) refuses a removed member of W1 on the very next call (%s)",
        async (transport) => {
          const { w1, a, m, personal } = await twoWorkspaces();
          const input = await row.aimAtA(t.db, a);
          // A member a moment ago: the same person, the same session, was served.
          await expect(
            call(transport, "dashboard", "accounts.list", m, "session", undefined),
          ).resolves.toBeDefined();
          await removeTestMember(t.db, w1, m);
          const before = await snapshotOf(t.db, w1);
          const next = call(transport, surface, path, m, "session", input);

          if (access === "personal") {
            await row.servesB?.(await next, personal.member, t.db);
            return;
          }
          const refused = await refusalOf(next);
          if (access === "operator")
            expect(refused).toEqual({ code: "NOT_FOUND", message: notFoundPathMessage(path) });
          else if (access === "everyone_refused")
            expect(refused).toEqual(
              await refusalOf(call(transport, surface, path, a, "session", row.nothing!())),
            );
          else expect(refused).toEqual({ code: "FORBIDDEN", message: notAMemberMessage() });
          expect(await snapshotOf(t.db, w1)).toEqual(before);
        },
      );
    }

    if (surface === "machine") {
      const scope = SCOPES[path]!;

      it.each(TRANSPORTS)(
        "(c) refuses at once a key bound to a member who was removed; an unbound key of theirs keeps working (%s)",
        async (transport) => {
          const { w1, a, m } = await twoWorkspaces();
          const bound = actingIn(
            m,
            w1,
            await createTestWorkspaceKey(t.db, w1, m, {
              ...EVERY_PERMISSION,
              boundToCreator: true,
            }),
          );
          const unbound = actingIn(
            m,
            w1,
            await createTestWorkspaceKey(t.db, w1, m, EVERY_PERMISSION),
          );
          /**
           * "served", or the refusal's code: what the call with `who`'s key got, aimed afresh
           * (webhooks.* change or delete what they aim at, so each call gets its own).
           */
          const answer = async (who: TestActor, aimed?: { input: unknown }) =>
            call(
              transport,
              surface,
              path,
              who,
              "apiKey",
              aimed ? aimed.input : await row.aimAtA(t.db, a),
            ).then(
              () => "served",
              async (error: unknown) => (await caught(Promise.reject(error))).code,
            );
          // Any key of W1 gets what W1's admin's key gets, bound or not, while its creator is a member.
          const asW1 = await answer(a);
          expect(await answer(bound)).toBe(asW1);
          await removeTestMember(t.db, w1, m);
          await warm(unbound.apiKey);
          const input = await row.aimAtA(t.db, a);
          const before = await snapshotOf(t.db, w1);

          expect(await answer(bound, { input })).toBe("UNAUTHORIZED");
          expect(await snapshotOf(t.db, w1)).toEqual(before);
          expect(await answer(unbound)).toBe(asW1);
        },
      );

      it.each(TRANSPORTS)(
        "(e) refuses a key of W1 whose permissions or account list exclude the account (%s)",
        async (transport) => {
          const { w1, a } = await twoWorkspaces();
          const input = await row.aimAtA(t.db, a);
          const other = await createTestAccount(t.db, services.vault, a);
          const asKey = (who: TestActor, input: unknown) =>
            call(transport, surface, path, who, "apiKey", input);
          const withoutPermission = actingIn(
            a,
            w1,
            await createTestWorkspaceKey(t.db, w1, a, {
              permissions: API_KEY_PERMISSIONS.filter((p) => p !== scope.permission),
            }),
          );
          const listedElsewhere = actingIn(
            a,
            w1,
            await createTestWorkspaceKey(t.db, w1, a, { ...EVERY_PERMISSION, accountIds: [other] }),
          );
          await warm(withoutPermission.apiKey);
          await warm(listedElsewhere.apiKey);
          const before = await snapshotOf(t.db, w1);

          if (scope.permission !== null) {
            const refused = await refusalOf(asKey(withoutPermission, input));
            expect(refused.code).toBe("FORBIDDEN");
            expect(refused.message).toContain(`"${scope.permission}"`);
          } else {
            await expect(asKey(withoutPermission, input)).resolves.toBeDefined();
          }
          if (scope.account) {
            const refused = await refusalOf(asKey(listedElsewhere, input));
            const absent = await refusalOf(asKey(listedElsewhere, row.nothing!()));
            expect(refused.code).toBe("NOT_FOUND");
            expect(refused).toEqual(absent);
          } else if (path.startsWith("webhooks.")) {
            // An endpoint hears of every account: a key limited to some may not manage them.
            const refused = await refusalOf(asKey(listedElsewhere, input));
            expect(refused.code).toBe("FORBIDDEN");
            expect(refused.message).toMatch(/limited to some accounts/);
          } else if (path === "accounts.list") {
            const { items } = (await asKey(listedElsewhere, input)) as { items: { id: string }[] };
            expect(items.map((item) => item.id)).toEqual([other]);
          }
          expect(await snapshotOf(t.db, w1)).toEqual(before);
        },
      );
    }
  });
});

/**
 * The Amazon callback (apps/web's /api/amazon/callback hands the signed-in person's id and the
 * query to completeConnection, and nothing else): a state another person started, or one whose
 * starter lost the right to finish it, connects nothing. The code is never sent to Amazon (the
 * test services' Amazon is the discard port: a call would fail as amazon_unavailable instead).
 */
describe("workspace isolation matrix: the Amazon callback", () => {
  /** A pending connection into `workspace` started by `starter` (of `accountId`, to reconnect it). */
  async function pendingConnection(
    starter: TestActor,
    workspace: TestWorkspace,
    accountId?: string,
  ) {
    const state = `state-${randomUUID()}`;
    await t.db.oAuthState.create({
      data: {
        stateHash: hashOAuthState(state),
        userId: starter.userId,
        workspaceId: workspace.workspaceId,
        accountId: accountId ?? null,
        region: "NA",
        codeVerifierCiphertext: services.vault.encryptFor(
          `oauth_state:${hashOAuthState(state)}:code_verifier`,
          "verifier",
        ),
        expiresAt: new Date(Date.now() + 600_000),
      },
    });
    return { state, code: "ANcodeFromAmazon" };
  }
  const complete = (who: TestActor, query: Record<string, string>) =>
    completeConnection(services, { userId: who.userId, query });

  it("(a) refuses a member of another workspace presenting W1's state as unknown, leaving it for its starter", async () => {
    const { w1, a, o } = await twoWorkspaces();
    const query = await pendingConnection(a, w1);
    const before = await snapshotOf(t.db, w1);
    const outcome = await complete(o, query);
    const unknown = await complete(o, { state: "never-issued", code: "x" });
    expect(outcome).toEqual(unknown);
    expect(outcome).toMatchObject({ kind: "failed", reason: "unknown_state" });
    expect(await snapshotOf(t.db, w1)).toEqual(before);
  });

  it("(b) refuses a new connection finished by someone who is now a member, and connects nothing", async () => {
    const { w1, m } = await twoWorkspaces();
    // Started while an admin; a member by the time Amazon sends them back.
    const query = await pendingConnection(m, w1);
    const before = await snapshotOf(t.db, w1);
    expect(await complete(m, query)).toMatchObject({ kind: "failed", reason: "not_allowed" });
    const after = await snapshotOf(t.db, w1);
    expect(after.amazonAccounts).toEqual(before.amazonAccounts);
    expect(after.auditEvents).toEqual(before.auditEvents);
  });

  it("(c) refuses a reconnection finished by a member removed since they started it", async () => {
    const { w1, a, m } = await twoWorkspaces();
    const accountId = await createTestAccount(t.db, services.vault, a, {
      status: "reauth_required",
    });
    const query = await pendingConnection(m, w1, accountId);
    await removeTestMember(t.db, w1, m);
    const before = await snapshotOf(t.db, w1);
    expect(await complete(m, query)).toMatchObject({ kind: "failed", reason: "not_allowed" });
    const after = await snapshotOf(t.db, w1);
    expect(after.amazonAccounts).toEqual(before.amazonAccounts);
    expect(after.auditEvents).toEqual(before.auditEvents);
  });
});
