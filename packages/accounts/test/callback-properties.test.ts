/**
 * Property tests (fast-check) of the callback's query parameters against completeConnection on
 * the real database and the sandbox: whatever arrives, it answers with an outcome (never throws,
 * which the web route would turn into an error page), and a rejected callback stores nothing —
 * no account, profile or audit event, and no state consumed but the caller's own.
 *
 * Deterministic: a fixed seed; fast-check prints the seed and the failing path on a failure
 * (rerun with `{ seed, path }` to replay it).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ensurePersonalWorkspace } from "@adsconnect/workspaces";

import { completeConnection, startConnection } from "../src/index";
import { hashOAuthState } from "../src/oauth-state";
import { createPerson, startHarness, type Harness } from "./support/harness";

const SEED = 20261201;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const KEYS = ["state", "code", "error", "error_description", "scope"] as const;

/** Any text a URL can carry once decoded: ASCII, full Unicode, lone surrogates, NULs, huge. */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string() },
  { weight: 3, arbitrary: fc.string({ unit: "binary" }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      "\u0000",
      "\uD800",
      "\uDFFF\uD800",
      "access_denied",
      "invalid_scope",
      "<script>alert(1)</script>",
      "' OR 1=1 --",
      "%00%ZZ",
      "🙂".repeat(300),
    ),
  },
  { weight: 1, arbitrary: fc.string({ minLength: 500, maxLength: 5000 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("a", "Ω", "🙂"), fc.integer({ min: 1000, max: 100_000 }))
      .map(([c, n]) => c.repeat(n)),
  },
);

/** A callback query: the known parameters or none, plus any others. */
function queryWith(state: fc.Arbitrary<string | undefined>) {
  return fc
    .record(
      {
        state,
        code: fc.option(text, { nil: undefined }),
        error: fc.option(fc.oneof(text, fc.constant("access_denied")), { nil: undefined }),
        error_description: fc.option(text, { nil: undefined }),
        scope: fc.option(text, { nil: undefined }),
        extra: fc.dictionary(text, text, { maxKeys: 3 }),
      },
      { requiredKeys: [] },
    )
    .map(({ extra, ...known }) => {
      const query: Record<string, string | undefined> = { ...extra };
      for (const key of KEYS) if (key in known) query[key] = known[key];
      return query;
    });
}

/** What a callback could have stored for these people. */
async function footprint(userIds: string[]) {
  const accounts = await h.db.amazonAccount.findMany({
    where: { workspace: { personalOwnerId: { in: userIds } } },
    select: { id: true, updatedAt: true },
  });
  return {
    accounts,
    profiles: await h.db.advertisingProfile.count({
      where: { accountId: { in: accounts.map((a) => a.id) } },
    }),
    consumed: await h.db.oAuthState.count({
      where: { userId: { in: userIds }, consumedAt: { not: null } },
    }),
    audit: await h.db.auditEvent.count({
      where: { workspace: { personalOwnerId: { in: userIds } } },
    }),
  };
}

describe("callback query properties", () => {
  it("any query with a state that is not the caller's: an outcome, nothing stored, nobody's state consumed", async () => {
    const caller = await createPerson(h.db, "fuzz-caller");
    const victim = await createPerson(h.db, "fuzz-victim");
    // The victim's real, pending states: a caller presenting one must not burn it.
    const victimStates = await Promise.all(
      [0, 1, 2].map(async () => {
        const { authorizationUrl } = await startConnection(h.services, {
          userId: victim,
          access: await ensurePersonalWorkspace(h.db, victim),
          region: "NA",
        });
        return new URL(authorizationUrl).searchParams.get("state")!;
      }),
    );
    const before = await footprint([caller, victim]);
    const state = fc.option(fc.oneof(text, fc.constantFrom(...victimStates)), { nil: undefined });

    await fc.assert(
      fc.asyncProperty(queryWith(state), async (query) => {
        const outcome = await completeConnection(h.services, { userId: caller, query });
        expect(outcome.kind).toBe("failed");
        if (outcome.kind === "failed") {
          expect(["missing_state", "unknown_state"]).toContain(outcome.reason);
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
    expect(await footprint([caller, victim])).toEqual(before);
  });

  it("any code, error or extra parameter with the caller's own state: an outcome, no account, only that state consumed", async () => {
    const caller = await createPerson(h.db, "fuzz-owner");
    await fc.assert(
      fc.asyncProperty(queryWith(fc.constant(undefined)), async (query) => {
        const { authorizationUrl } = await startConnection(h.services, {
          userId: caller,
          access: await ensurePersonalWorkspace(h.db, caller),
          region: "NA",
        });
        const state = new URL(authorizationUrl).searchParams.get("state")!;
        const outcome = await completeConnection(h.services, {
          userId: caller,
          query: { ...query, state },
        });
        // A made-up code is never accepted by Amazon, so nothing connects.
        expect(["failed", "cancelled"]).toContain(outcome.kind);
        if (outcome.kind === "failed") {
          expect(outcome.message).not.toContain("<script>");
          expect(outcome.message).not.toContain(String.fromCharCode(0));
        }
        // The state is spent once the query is read (a malformed query leaves it for a retry).
        const row = await h.db.oAuthState.findUniqueOrThrow({
          where: { stateHash: hashOAuthState(state) },
        });
        if (outcome.kind !== "failed" || outcome.reason !== "missing_state") {
          expect(row.consumedAt).not.toBeNull();
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
    const after = await footprint([caller]);
    expect(after).toMatchObject({ accounts: [], profiles: 0, audit: 0 });
  });
});
