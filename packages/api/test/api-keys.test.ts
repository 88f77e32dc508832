import { createHash } from "node:crypto";

import type { Db } from "@adsconnect/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { MAX_ACTIVE_API_KEYS } from "../src/domain/api-keys/issue-api-key";
import { createActor, type TestActor } from "../src/testing";
import { callerFor, caught, machineCallerFor, openDb } from "./support/callers";

let db: Db;
beforeAll(() => {
  db = openDb();
});
afterAll(async () => {
  await db.$disconnect();
});

async function person(label = "owner"): Promise<TestActor> {
  return createActor(db, label);
}

describe("apiKeys.create", () => {
  it("returns the secret once as adc_<id>_<secret>, storing only its prefix and sha256", async () => {
    const owner = await person();
    const { key, apiKey } = await callerFor(db, owner).apiKeys.create({ name: "reporting" });

    expect(key).toMatch(/^adc_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toEqual({
      id: expect.any(String),
      name: "reporting",
      prefix: key.slice(0, 12),
      createdAt: expect.any(Date),
      lastUsedAt: null,
      revokedAt: null,
      permissions: ["accounts:read", "tokens:read", "ads:proxy"],
      accountIds: [],
      expiresAt: null,
      boundToCreator: false,
      createdBy: { name: owner.session.name, email: owner.session.email },
    });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.keyHash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(key.slice(13));
  });

  it("never uses a prefix that Clerk's middleware forwards to Clerk (ak_, mt_, oat_)", async () => {
    const owner = await person();
    const { key } = await callerFor(db, owner).apiKeys.create({ name: "clerk check" });
    expect(key).not.toMatch(/^(ak|mt|oat)_/);
  });

  it("trims the name", async () => {
    const owner = await person();
    const { apiKey } = await callerFor(db, owner).apiKeys.create({ name: "  billing sync  " });
    expect(apiKey.name).toBe("billing sync");
  });

  it("records an api_key_created audit event naming the key", async () => {
    const owner = await person();
    const { apiKey } = await callerFor(db, owner).apiKeys.create({ name: "audited" });
    const events = await db.auditEvent.findMany({
      where: { workspaceId: owner.workspaceId, type: "api_key_created" },
    });
    expect(events.map((event) => event.details)).toContainEqual({
      apiKeyId: apiKey.id,
      prefix: apiKey.prefix,
      name: "audited",
    });
  });

  it.each([
    ["empty", "", "name: must be 1–64 characters"],
    ["blank", "   ", "name: must be 1–64 characters"],
    ["65 characters", "x".repeat(65), "name: must be 1–64 characters"],
    ["not text", 42, "name: must be text"],
    ["missing", undefined, "name: is required"],
  ])(
    "refuses a name that is %s with BAD_REQUEST naming the field",
    async (_case, name, message) => {
      const owner = await person();
      const error = await caught(callerFor(db, owner).apiKeys.create({ name } as { name: string }));
      expect(error).toEqual({ code: "BAD_REQUEST", message });
    },
  );

  it("accepts a 64-character name", async () => {
    const owner = await person();
    const { apiKey } = await callerFor(db, owner).apiKeys.create({ name: "y".repeat(64) });
    expect(apiKey.name).toHaveLength(64);
  });

  it(`refuses a key past ${MAX_ACTIVE_API_KEYS} active ones with a message saying what to do; revoking frees a slot`, async () => {
    const owner = await person(); // holds one key already
    const caller = callerFor(db, owner);
    for (let i = 1; i < MAX_ACTIVE_API_KEYS; i++) await caller.apiKeys.create({ name: `app ${i}` });

    const error = await caught(caller.apiKeys.create({ name: "one too many" }));
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toMatch(/25 active API keys.*Revoke one/);

    await caller.apiKeys.revoke({ id: owner.apiKeyId });
    await expect(caller.apiKeys.create({ name: "fits again" })).resolves.toMatchObject({
      apiKey: { name: "fits again" },
    });
  });

  it("lets concurrent creates exceed the limit by none", async () => {
    const owner = await person();
    const caller = callerFor(db, owner);
    for (let i = 1; i < MAX_ACTIVE_API_KEYS - 1; i++)
      await caller.apiKeys.create({ name: `app ${i}` });
    const results = await Promise.allSettled(
      [1, 2, 3].map((i) => caller.apiKeys.create({ name: `race ${i}` })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(
      await db.apiKey.count({ where: { workspaceId: owner.workspaceId, revokedAt: null } }),
    ).toBe(MAX_ACTIVE_API_KEYS);
  });
});

describe("apiKeys.list", () => {
  it("lists the person's keys newest first, revoked ones included, without secret or hash", async () => {
    const owner = await person();
    const caller = callerFor(db, owner);
    const second = await caller.apiKeys.create({ name: "second" });
    await caller.apiKeys.revoke({ id: owner.apiKeyId });

    const keys = await caller.apiKeys.list();
    expect(keys.map((key) => key.id)).toEqual([second.apiKey.id, owner.apiKeyId]);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual([
        "accountIds",
        "boundToCreator",
        "createdAt",
        "createdBy",
        "expiresAt",
        "id",
        "lastUsedAt",
        "name",
        "permissions",
        "prefix",
        "revokedAt",
      ]);
    }
    expect(keys[1]?.revokedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(keys)).not.toContain(second.key);
  });
});

describe("apiKeys.revoke", () => {
  it("revokes the key, records api_key_revoked, and the key stops working", async () => {
    const owner = await person();
    await expect(machineCallerFor(db, { apiKey: owner.apiKey }).me.whoami()).resolves.toBeDefined();

    const revoked = await callerFor(db, owner).apiKeys.revoke({ id: owner.apiKeyId });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    const events = await db.auditEvent.findMany({
      where: { workspaceId: owner.workspaceId, type: "api_key_revoked" },
    });
    expect(events.map((event) => event.details)).toEqual([
      { apiKeyId: owner.apiKeyId, prefix: revoked.prefix, name: revoked.name },
    ]);
    expect(await caught(machineCallerFor(db, { apiKey: owner.apiKey }).me.whoami())).toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("is idempotent: revoking again returns the same key and records no second event", async () => {
    const owner = await person();
    const caller = callerFor(db, owner);
    const first = await caller.apiKeys.revoke({ id: owner.apiKeyId });
    const again = await caller.apiKeys.revoke({ id: owner.apiKeyId });
    expect(again.revokedAt).toEqual(first.revokedAt);
    expect(
      await db.auditEvent.count({
        where: { workspaceId: owner.workspaceId, type: "api_key_revoked" },
      }),
    ).toBe(1);
  });

  it("answers NOT_FOUND for an id that is no key", async () => {
    const owner = await person();
    const error = await caught(
      callerFor(db, owner).apiKeys.revoke({ id: "0190a0a0-0000-7000-8000-000000000000" }),
    );
    expect(error).toEqual({
      code: "NOT_FOUND",
      message: "This workspace has no API key with that id.",
    });
  });

  it("refuses an id that is not a key id with BAD_REQUEST naming the field", async () => {
    const owner = await person();
    const error = await caught(callerFor(db, owner).apiKeys.revoke({ id: "adc_AbCd1234" }));
    expect(error).toEqual({
      code: "BAD_REQUEST",
      message: "id: must be an API key id from apiKeys.list",
    });
  });
});
