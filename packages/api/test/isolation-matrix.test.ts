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
 * here until it has a row in MATRIX (./support/isolation-matrix.ts, shared with
 * workspace-isolation-matrix.test.ts: members, removed members, other workspaces' keys).
 */
import { describe, expect, it } from "vitest";

import { issueApiKey } from "../src/domain/api-keys/issue-api-key";
import { API_KEY_PERMISSIONS } from "../src/domain/api-keys/scopes";
import { notFoundPathMessage } from "../src/trpc";
import { createActor, createTestAccount, createTestServices, type TestActor } from "../src/testing";
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
  SERVES,
  snapshotOf,
  SURFACES,
  type CallerKind,
  type Transport,
} from "./support/isolation-matrix";
import { useTestApi } from "./support/test-api";

const services = createTestServices();
const t = useTestApi({ services });
const call = matrixCaller(t);

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
    const b = await createActor(t.db, "b");
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

          const a = await createActor(t.db, "a");
          const b = await createActor(t.db, "b");
          // B's key may do everything: these rows test tenancy (the key scopes' below, permissions).
          await t.db.apiKey.update({
            where: { id: b.apiKeyId },
            data: { permissions: [...API_KEY_PERMISSIONS] },
          });
          const input = await row.aimAtA(t.db, a);
          const before = await snapshotOf(t.db, a);
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
              expectRefusedAsForNothing(refused, absent);
            } else
              expect({ code: refused.code, message: refused.message }).toEqual({
                code: "NOT_FOUND",
                message: notFoundPathMessage(path),
              });
          } else if (SERVES[surface] !== kind) {
            expect(await caught(callAsB(input))).toMatchObject({ code: "UNAUTHORIZED" });
          } else if (row.outcome === "not_found" || row.outcome === "refused") {
            const refused = await caught(callAsB(input));
            expect(refused.code).toBe(row.outcome === "not_found" ? "NOT_FOUND" : row.code);
            if (!row.nothing) throw new Error(`${path}: a ${row.outcome} row needs \`nothing\``);
            const absent = await caught(callAsB(row.nothing()));
            expectRefusedAsForNothing(refused, absent);
          } else {
            const result = await callAsB(input);
            expectNoneOf(result, [a.apiKey, ...identifiersOf(before)]);
            await row.servesB?.(result, b, t.db);
          }

          expect(await snapshotOf(t.db, a)).toEqual(before);
        },
      );
    });
  });
});

/** A new key of A's workspace with this scope, as an actor whose apiKey is it. */
async function withKey(
  a: TestActor,
  scope: Parameters<typeof issueApiKey>[1] extends infer T
    ? Omit<T, "workspaceId" | "createdById" | "name">
    : never,
): Promise<TestActor> {
  const { key, apiKey } = await issueApiKey(t.db, {
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
        const a = await createActor(t.db, "a");
        const input = await MATRIX.machine[path]!.aimAtA(t.db, a);
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
        const a = await createActor(t.db, "a");
        const input = await MATRIX.machine[path]!.aimAtA(t.db, a);
        const allowed = await createTestAccount(t.db, services.vault, a);
        const key = await withKey(a, { accountIds: [allowed] });
        if (scope.account) {
          const refused = await caught(run(key, input));
          const absent = await caught(run(key, MATRIX.machine[path]!.nothing!()));
          expect(refused.code).toBe("NOT_FOUND");
          expectRefusedAsForNothing(refused, absent);
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
        const a = await createActor(t.db, "a");
        const input = await MATRIX.machine[path]!.aimAtA(t.db, a);
        const key = await withKey(a, { expiresAt: new Date(Date.now() + 60_000) });
        await t.db.apiKey.update({
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
