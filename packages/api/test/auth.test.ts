import { randomUUID } from "node:crypto";

import type { Db } from "@adsconnect/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTRPCContext, type Session } from "../src/index";
import { LAST_USED_RESOLUTION_MS } from "../src/domain/api-keys/authenticate-api-key";
import { generateApiKey } from "../src/domain/api-keys/key-format";
import { captureLogger, createTestServices, createActor } from "../src/testing";
import { createCallerFactory, ownerOrApiKeyProcedure, router } from "../src/trpc";
import { callerFor, caught, headersFor, openDb, type Who } from "./support/callers";

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
  it("answers UNAUTHORIZED without a session, even with a valid API key", async () => {
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
  it("tells which person the key acts for, and which key it is", async () => {
    const owner = await createActor(db, "ada");
    const whoami = await callerFor(db, { apiKey: owner.apiKey }).me.whoami();
    expect(whoami).toEqual({
      user: { id: owner.userId, email: owner.session.email, name: "ada" },
      apiKey: { id: owner.apiKeyId, name: "ada's app", prefix: owner.apiKey.slice(0, 12) },
    });
  });

  const refusals: [string, (db: Db) => Promise<Who>][] = [
    ["no Authorization header", () => Promise.resolve({})],
    ["a session but no key", async (db) => ({ session: (await createActor(db)).session })],
    [
      "a scheme other than Bearer",
      async (db) => ({ authorization: `Basic ${(await createActor(db)).apiKey}` }),
    ],
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
      const error = await caught(callerFor(db, await who(db)).me.whoami());
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

    await callerFor(db, { apiKey: owner.apiKey }).me.whoami();
    const first = await lastUsedAt();
    expect(first).toBeInstanceOf(Date);

    await callerFor(db, { apiKey: owner.apiKey }).me.whoami();
    expect(await lastUsedAt()).toEqual(first);

    const twoMinutesAgo = new Date(Date.now() - 2 * LAST_USED_RESOLUTION_MS);
    await db.apiKey.update({ where: { id: owner.apiKeyId }, data: { lastUsedAt: twoMinutesAgo } });
    await callerFor(db, { apiKey: owner.apiKey }).me.whoami();
    expect((await lastUsedAt())!.getTime()).toBeGreaterThan(
      twoMinutesAgo.getTime() + LAST_USED_RESOLUTION_MS,
    );
  });

  it("does not look a key up for procedures that do not accept keys", async () => {
    const owner = await createActor(db);
    await callerFor(db, { session: owner.session, apiKey: owner.apiKey }).apiKeys.list();
    expect(
      (await db.apiKey.findUniqueOrThrow({ where: { id: owner.apiKeyId } })).lastUsedAt,
    ).toBeNull();
  });
});

describe("ownerOrApiKeyProcedure", () => {
  const probeRouter = router({
    probe: ownerOrApiKeyProcedure.query(({ ctx }) => ({
      userId: ctx.userId,
      kind: ctx.caller.kind,
    })),
  });
  const probe = (who: Who) =>
    createCallerFactory(probeRouter)(
      createTRPCContext({
        services: createTestServices({ db, logger: captureLogger().logger }),
        headers: headersFor(who),
        session: who.session ?? null,
      }),
    ).probe();

  it("acts for the signed-in person", async () => {
    const person = await createActor(db);
    await expect(probe({ session: person.session })).resolves.toEqual({
      userId: person.userId,
      kind: "session",
    });
  });

  it("acts for the key's owner", async () => {
    const person = await createActor(db);
    await expect(probe({ apiKey: person.apiKey })).resolves.toEqual({
      userId: person.userId,
      kind: "apiKey",
    });
  });

  it("answers UNAUTHORIZED to a caller with neither", async () => {
    expect(await caught(probe({}))).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("does not fall back to the session when the presented key is bad", async () => {
    const person = await createActor(db);
    const error = await caught(probe({ session: person.session, apiKey: generateApiKey().key }));
    expect(error).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("treats a bearer that is not one of our keys (a Clerk session JWT) as the session's", async () => {
    const person = await createActor(db);
    await expect(
      probe({ session: person.session, apiKey: "eyJhbGciOiJSUzI1NiJ9.e30.c2ln" }),
    ).resolves.toEqual({
      userId: person.userId,
      kind: "session",
    });
  });
});
