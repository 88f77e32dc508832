import { randomUUID } from "node:crypto";

import type { Db } from "@adsconnect/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDashboardContext, type Session } from "../src/dashboard";
import { LAST_USED_RESOLUTION_MS } from "../src/domain/api-keys/authenticate-api-key";
import { generateApiKey } from "../src/domain/api-keys/key-format";
import { createMachineContext } from "../src/machine";
import { captureLogger, createTestServices, createActor } from "../src/testing";
import { apiKeyProcedure, createCallerFactory, protectedProcedure, router } from "../src/trpc";
import {
  callerFor,
  caught,
  headersFor,
  machineCallerFor,
  openDb,
  type Who,
} from "./support/callers";

let db: Db;
beforeAll(() => {
  db = openDb();
});
afterAll(async () => {
  await db.$disconnect();
});

function newSession(overrides: Partial<Session> = {}): Session {
  const userId = `user_test_${randomUUID()}`;
  return { userId, email: `${userId}@example.test`, name: "New Person", ...overrides };
}

describe("protectedProcedure", () => {
  it("answers UNAUTHORIZED without a session, even with a valid API key (the dashboard reads none)", async () => {
    const owner = await createActor(db);
    expect(await caught(callerFor(db, {}).me.get())).toEqual({
      code: "UNAUTHORIZED",
      message: "Sign in to continue.",
    });
    expect(await caught(callerFor(db, { apiKey: owner.apiKey }).apiKeys.list())).toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("creates the person's users row on their first request", async () => {
    const session = newSession();
    expect(await db.user.findUnique({ where: { id: session.userId } })).toBeNull();
    const profile = await callerFor(db, { session }).me.get();
    expect(profile).toEqual({
      id: session.userId,
      email: session.email,
      name: "New Person",
      createdAt: expect.any(Date),
    });
  });

  it("updates email and name when the sign-in provider's copy changed", async () => {
    const session = newSession();
    await callerFor(db, { session }).me.get();
    const changed = { ...session, email: `renamed-${session.email}`, name: null };
    await expect(callerFor(db, { session: changed }).me.get()).resolves.toMatchObject({
      email: changed.email,
      name: null,
    });
  });

  it("writes nothing when the row already matches the session", async () => {
    const session = newSession();
    await callerFor(db, { session }).me.get();
    const before = await db.user.findUniqueOrThrow({ where: { id: session.userId } });
    await callerFor(db, { session }).me.get();
    const after = await db.user.findUniqueOrThrow({ where: { id: session.userId } });
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  it("lets two first requests at once both succeed", async () => {
    const session = newSession();
    await expect(
      Promise.all([1, 2, 3].map(() => callerFor(db, { session }).me.get())),
    ).resolves.toHaveLength(3);
  });
});

describe("apiKeyProcedure (me.whoami)", () => {
  it("tells which workspace the key acts for, and which key it is", async () => {
    const owner = await createActor(db, "ada");
    const whoami = await machineCallerFor(db, { apiKey: owner.apiKey }).me.whoami();
    expect(whoami).toEqual({
      workspace: { id: owner.workspaceId, name: "Personal", kind: "personal" },
      apiKey: {
        id: owner.apiKeyId,
        name: "ada's app",
        prefix: owner.apiKey.slice(0, 12),
        permissions: ["accounts:read", "tokens:read", "ads:proxy"],
        accountIds: null,
        expiresAt: null,
      },
    });
  });

  const refusals: [string, (db: Db) => Promise<Who>][] = [
    ["no Authorization header", () => Promise.resolve({})],
    ["a session but no key", async (db) => ({ session: (await createActor(db)).session })],
    [
      "a scheme other than Bearer",
      async (db) => ({ authorization: `Basic ${(await createActor(db)).apiKey}` }),
    ],
    [
      "an active key with a Cookie header beside it (a browser's request)",
      async (db) => ({ apiKey: (await createActor(db)).apiKey, cookie: "__session=x" }),
    ],
    [
      "an active key after a tab instead of a space",
      async (db) => ({ authorization: `Bearer\t${(await createActor(db)).apiKey}` }),
    ],
    [
      "an active key followed by a second token",
      async (db) => ({ authorization: `Bearer ${(await createActor(db)).apiKey} x` }),
    ],
    ["the scheme alone", () => Promise.resolve({ authorization: "Bearer" })],
    ["the key prefix alone", () => Promise.resolve({ authorization: "Bearer adc_" })],
    ["a malformed key", () => Promise.resolve({ apiKey: "adc_short" })],
    [
      "a Clerk-style JWT",
      () => Promise.resolve({ apiKey: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2ln" }),
    ],
    [
      "a well-formed key that was never issued",
      () => Promise.resolve({ apiKey: generateApiKey().key }),
    ],
    [
      "a revoked key",
      async (db) => {
        const owner = await createActor(db);
        await callerFor(db, owner).apiKeys.revoke({ id: owner.apiKeyId });
        return { apiKey: owner.apiKey };
      },
    ],
    [
      "a key whose person was deleted",
      async (db) => {
        const owner = await createActor(db);
        await db.user.delete({ where: { id: owner.userId } });
        return { apiKey: owner.apiKey };
      },
    ],
  ];

  it.each(refusals)(
    "answers UNAUTHORIZED, with one message for every reason, to %s",
    async (_case, who) => {
      const error = await caught(machineCallerFor(db, await who(db)).me.whoami());
      expect(error).toEqual({
        code: "UNAUTHORIZED",
        message: "Send an active API key as `Authorization: Bearer <key>`.",
      });
    },
  );

  it(`records lastUsedAt on first use, then at most once per ${LAST_USED_RESOLUTION_MS / 1000} s`, async () => {
    const owner = await createActor(db);
    const lastUsedAt = async () =>
      (await db.apiKey.findUniqueOrThrow({ where: { id: owner.apiKeyId } })).lastUsedAt;
    expect(await lastUsedAt()).toBeNull();

    await machineCallerFor(db, { apiKey: owner.apiKey }).me.whoami();
    const first = await lastUsedAt();
    expect(first).toBeInstanceOf(Date);

    await machineCallerFor(db, { apiKey: owner.apiKey }).me.whoami();
    expect(await lastUsedAt()).toEqual(first);

    const twoMinutesAgo = new Date(Date.now() - 2 * LAST_USED_RESOLUTION_MS);
    await db.apiKey.update({ where: { id: owner.apiKeyId }, data: { lastUsedAt: twoMinutesAgo } });
    await machineCallerFor(db, { apiKey: owner.apiKey }).me.whoami();
    expect((await lastUsedAt())!.getTime()).toBeGreaterThan(
      twoMinutesAgo.getTime() + LAST_USED_RESOLUTION_MS,
    );
  });

  it("accepts the scheme in any case", async () => {
    const owner = await createActor(db);
    await expect(
      machineCallerFor(db, { authorization: `bEARER ${owner.apiKey}` }).me.whoami(),
    ).resolves.toMatchObject({ workspace: { id: owner.workspaceId } });
  });

  it("never looks a key up for the dashboard, whose context reads none", async () => {
    const owner = await createActor(db);
    await callerFor(db, { session: owner.session, apiKey: owner.apiKey }).apiKeys.list();
    expect(
      (await db.apiKey.findUniqueOrThrow({ where: { id: owner.apiKeyId } })).lastUsedAt,
    ).toBeNull();
  });
});

describe("the two surfaces", () => {
  const probeRouter = router({
    person: protectedProcedure.query(({ ctx }) => ctx.userId),
    app: apiKeyProcedure.query(({ ctx }) => ctx.workspaceId),
  });
  const probe = createCallerFactory(probeRouter);
  const services = () => createTestServices({ db, logger: captureLogger().logger });

  it("a machine request has no session: protectedProcedure refuses it, whatever it sends", async () => {
    const person = await createActor(db);
    const machine = probe(
      createMachineContext({
        services: services(),
        headers: headersFor({ apiKey: person.apiKey }),
      }),
    );
    await expect(machine.app()).resolves.toBe(person.workspaceId);
    expect(await caught(machine.person())).toEqual({
      code: "UNAUTHORIZED",
      message: "Sign in to continue.",
    });
  });

  it("a dashboard request has no API key: apiKeyProcedure refuses it, signed in or not", async () => {
    const person = await createActor(db);
    const dashboard = probe(
      createDashboardContext({ services: services(), session: person.session }),
    );
    await expect(dashboard.person()).resolves.toBe(person.userId);
    expect(await caught(dashboard.app())).toEqual({
      code: "UNAUTHORIZED",
      message: "Send an active API key as `Authorization: Bearer <key>`.",
    });
  });
});
