/**
 * Property tests (fast-check) of every procedure's input, on both routers: whatever JSON a caller
 * sends, the answer is the procedure's result or a client error (BAD_REQUEST, NOT_FOUND,
 * FORBIDDEN, ...), never INTERNAL_SERVER_ERROR. Procedures are read from the routers, so one
 * added later is fuzzed too. Inputs are arbitrary JSON, and objects built on the procedure's own
 * input keys with values that reach past validation (the caller's real account and profile ids,
 * ids of the right shape that name nothing, digit strings beyond 64 bits, huge and odd text).
 *
 * Deterministic: a fixed seed per procedure; fast-check prints the seed and the failing path on
 * a failure (pass `{ seed, path }` to fc.assert to replay it).
 */
import { randomUUID } from "node:crypto";

import type { Db } from "@adsconnect/db/client";
import type { AnyTRPCProcedure } from "@trpc/server";
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { dashboardRouter } from "../src/dashboard";
import { machineRouter } from "../src/machine";
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
import { callerFor, machineCallerFor, openDb } from "./support/callers";

type Surface = "dashboard" | "machine";

const SEED = 20261201;
const RUNS_PER_PROCEDURE = 60;

const procedures: Record<Surface, Record<string, AnyTRPCProcedure>> = {
  dashboard: dashboardRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>,
  machine: machineRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>,
};
const cases = (Object.keys(procedures) as Surface[]).flatMap((surface) =>
  Object.keys(procedures[surface]).map((path) => [surface, path] as const),
);

const services = createTestServices();
let db: Db;
let actor: TestActor;
let accountId: string;
let api: TestApi;
beforeAll(async () => {
  db = openDb();
  actor = await createActor(db, "fuzz");
  // The actor is an operator too, so the operations.* procedures' inputs are fuzzed past the refusal.
  api = await startTestApi({
    db,
    logger: captureLogger().logger,
    services,
    adminUserIds: [actor.userId],
  });
  accountId = await createTestAccount(db, services.vault, actor, {
    expiresInSeconds: 3600,
    withProfile: true,
  });
});
afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
});

/** The keys of a procedure's object input (zod 4: `shape`), to aim values at them. */
function inputKeys(procedure: AnyTRPCProcedure): string[] {
  const inputs = (procedure._def as { inputs?: unknown[] }).inputs ?? [];
  return inputs.flatMap((schema) => {
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    return shape && typeof shape === "object" ? Object.keys(shape) : [];
  });
}

/** Values that pass or nearly pass validation, and values that probe what lies behind it. */
function valueArbitrary(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(
      accountId,
      randomUUID(),
      "00000000-0000-0000-0000-000000000000",
      "4400000000000000999",
      "9223372036854775807",
      "9223372036854775808",
      "99999999999999999999",
      "0",
      "NA",
      "EU",
      "FE",
      "token_refreshed",
      "profiles_synced",
      "tokens:read",
      "accounts:read",
      "",
      " ",
      "\u0000",
      "\uD800",
      "null",
      -1,
      0,
      1,
      100,
      101,
      2 ** 31,
      2 ** 53 + 1,
      1e308,
      -1e308,
      0.5,
      true,
      false,
      null,
      [],
      {},
    ),
    fc.uuid(),
    fc.string(),
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.bigInt({ min: 0n, max: 10n ** 25n }).map(String),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.string({ minLength: 1000, maxLength: 20_000 }),
    fc.array(fc.oneof(fc.uuid(), fc.string(), fc.integer()), { maxLength: 5 }),
    fc.jsonValue({ maxDepth: 2 }),
  );
}

function inputArbitrary(keys: string[]): fc.Arbitrary<unknown> {
  const value = valueArbitrary();
  const aimed =
    keys.length === 0
      ? fc.constant({})
      : fc.record(Object.fromEntries(keys.map((key) => [key, value])), { requiredKeys: [] });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 6, arbitrary: aimed },
    {
      weight: 1,
      arbitrary: fc
        .tuple(aimed, fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }))
        .map(([known, extra]) => ({ ...extra, ...(known as object) })),
    },
  );
}

function call(surface: Surface, path: string, input: unknown): Promise<unknown> {
  const caller =
    surface === "dashboard"
      ? callerFor(db, { session: actor.session }, undefined, services, [actor.userId])
      : machineCallerFor(db, { apiKey: actor.apiKey }, undefined, services);
  const fn = path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (fn as (input: unknown) => Promise<unknown>)(input);
}

describe("every procedure, any input", () => {
  it("fuzzes every procedure of both routers", () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
    expect(cases.map(([surface, path]) => `${surface}:${path}`)).toEqual(
      expect.arrayContaining([
        "dashboard:accounts.startConnection",
        "machine:accounts.advertisers",
      ]),
    );
  });

  it.each(cases)("%s %s: never INTERNAL_SERVER_ERROR", async (surface, path) => {
    const keys = inputKeys(procedures[surface][path]!);
    await fc.assert(
      fc.asyncProperty(inputArbitrary(keys), async (input) => {
        try {
          await call(surface, path, input);
        } catch (error) {
          if (!(error instanceof TRPCError)) throw error;
          expect(error.code, `${surface} ${path}(${safeJson(input)}): ${error.message}`).not.toBe(
            "INTERNAL_SERVER_ERROR",
          );
        }
      }),
      { seed: SEED, numRuns: RUNS_PER_PROCEDURE },
    );
  });
});

/**
 * The text a client could put on the wire for an input: superjson's envelope (what
 * @trpc/client sends), bare JSON, an envelope whose `meta` claims types the values do not have,
 * or text that is not JSON at all.
 */
function wireArbitrary(keys: string[]): fc.Arbitrary<string> {
  const input = inputArbitrary(keys);
  return fc.oneof(
    { weight: 4, arbitrary: input.map((value) => JSON.stringify({ json: value }) ?? "") },
    { weight: 2, arbitrary: input.map((value) => JSON.stringify(value) ?? "") },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          input,
          fc.constantFrom(...keys, "", "0", "a.b"),
          fc.constantFrom("bigint", "Date", "undefined", "set", "map", "regexp", "Error", "class"),
        )
        .map(([value, key, type]) =>
          JSON.stringify({ json: value ?? null, meta: { values: { [key]: [type] } } }),
        ),
    },
    { weight: 1, arbitrary: fc.string({ unit: "binary" }) },
  );
}

async function send(surface: Surface, path: string, wire: string) {
  const base = surface === "dashboard" ? api.dashboardUrl : api.machineUrl;
  const headers: Record<string, string> =
    surface === "dashboard"
      ? sessionHeaders(actor.session)
      : { authorization: `Bearer ${actor.apiKey}` };
  if (procedures[surface][path]!._def.type === "query") {
    return fetch(`${base}/${path}?input=${encodeURIComponent(wire)}`, { headers });
  }
  return fetch(`${base}/${path}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: wire,
  });
}

describe("every procedure, any bytes over HTTP", () => {
  it.each(cases)("%s %s: never a 500", async (surface, path) => {
    const keys = inputKeys(procedures[surface][path]!);
    await fc.assert(
      fc.asyncProperty(wireArbitrary(keys), async (wire) => {
        const response = await send(surface, path, wire);
        const body = await response.text();
        expect(
          response.status,
          `${surface} ${path} <- ${wire.slice(0, 300)}: ${body}`,
        ).toBeLessThan(500);
        expect(body).not.toMatch(/INTERNAL_SERVER_ERROR|Atz[ar]\||gAAAAA/);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });
});

function safeJson(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
