// Key scopes at creation (apiKeys.create: permissions, accounts, expiry), as stored and as
// authenticateApiKey reads them, and authorizeKey, the check the Ads API proxy calls.
import { randomUUID } from "node:crypto";

import type { Db } from "@adsconnect/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { authenticateApiKey, authorizeKey } from "../src/domain/api-keys/authenticate-api-key";
import { createActor, createTestAccount, createTestServices } from "../src/testing";
import { callerFor, caught, openDb } from "./support/callers";

const services = createTestServices();
let db: Db;
beforeAll(() => {
  db = openDb();
});
afterAll(async () => {
  await db.$disconnect();
});

describe("apiKeys.create with a scope", () => {
  it("stores the permissions, accounts and expiry chosen, and the key authenticates with them", async () => {
    const owner = await createActor(db, "owner");
    const accountId = await createTestAccount(db, services.vault, owner);
    const expiresAt = new Date(Date.now() + 86_400_000);
    const { key, apiKey } = await callerFor(db, { session: owner.session }).apiKeys.create({
      name: "reports",
      permissions: ["accounts:read"],
      accountIds: [accountId],
      expiresAt,
    });
    expect(apiKey).toMatchObject({
      permissions: ["accounts:read"],
      accountIds: [accountId],
      expiresAt,
    });
    const principal = await authenticateApiKey(services.pool, key);
    expect(principal).toMatchObject({
      workspaceId: owner.workspaceId,
      permissions: ["accounts:read"],
      accountIds: [accountId],
      expiresAt,
    });
  });

  it("refuses another person's account, an expiry in the past, and no permissions", async () => {
    const owner = await createActor(db, "owner");
    const other = await createActor(db, "other");
    const theirs = await createTestAccount(db, services.vault, other);
    const caller = callerFor(db, { session: owner.session });
    const notMine = await caught(caller.apiKeys.create({ name: "x", accountIds: [theirs] }));
    expect(notMine.code).toBe("NOT_FOUND");
    expect(notMine.message).toContain(theirs);
    const past = await caught(
      caller.apiKeys.create({ name: "x", expiresAt: new Date(Date.now() - 1000) }),
    );
    expect(past.code).toBe("BAD_REQUEST");
    expect(past.message).toContain("expiresAt");
    const none = await caught(caller.apiKeys.create({ name: "x", permissions: [] }));
    expect(none.code).toBe("BAD_REQUEST");
    expect(none.message).toContain("permissions");
    expect(await db.apiKey.count({ where: { workspaceId: owner.workspaceId, name: "x" } })).toBe(0);
  });

  it("gives keys made before scopes every permission and every account (the migration's default)", async () => {
    const owner = await createActor(db, "owner");
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: owner.apiKeyId } });
    await services.pool.query(
      "UPDATE api_keys SET permissions = DEFAULT, account_ids = DEFAULT WHERE id = $1",
      [row.id],
    );
    const principal = await authenticateApiKey(services.pool, owner.apiKey);
    expect(principal).toMatchObject({
      permissions: ["accounts:read", "tokens:read", "ads:proxy"],
      accountIds: null,
      expiresAt: null,
    });
  });
});

describe("authenticateApiKey", () => {
  it("treats an expired key as no key (null)", async () => {
    const owner = await createActor(db, "owner");
    await db.apiKey.update({
      where: { id: owner.apiKeyId },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect(await authenticateApiKey(services.pool, owner.apiKey)).toBeNull();
  });
});

describe("authorizeKey (for the Ads API proxy: ads:proxy)", () => {
  const accountId = randomUUID();
  const key = { permissions: ["ads:proxy"] as const, accountIds: [accountId] };

  it("lets a key with the permission reach an account on its list", () => {
    expect(() => authorizeKey(key, { permission: "ads:proxy", accountId })).not.toThrow();
    expect(() =>
      authorizeKey(key, { permission: "ads:proxy", accountId: accountId.toUpperCase() }),
    ).not.toThrow();
    expect(() =>
      authorizeKey(
        { ...key, accountIds: null },
        { permission: "ads:proxy", accountId: randomUUID() },
      ),
    ).not.toThrow();
  });

  it("refuses a missing permission as forbidden, naming it", () => {
    expect(() => authorizeKey(key, { permission: "tokens:read", accountId })).toThrow(
      expect.objectContaining({
        kind: "forbidden",
        message: expect.stringContaining('"tokens:read"'),
      }),
    );
  });

  it("refuses an account off the list as not_found, like another person's", () => {
    expect(() => authorizeKey(key, { permission: "ads:proxy", accountId: randomUUID() })).toThrow(
      expect.objectContaining({
        kind: "not_found",
        message: "You have no Amazon account with that id.",
      }),
    );
  });
});
