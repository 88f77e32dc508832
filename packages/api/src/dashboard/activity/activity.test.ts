// activity.list and activity.refreshHealth in-process: what a person sees of their own audit
// trail, a page at a time and filtered, and the per-day refresh health of one account. (That
// another person's account id is NOT_FOUND is in test/isolation-matrix.test.ts.)

import type { Db } from "@adsconnect/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { callerFor, caught, openDb } from "../../../test/support/callers";
import { createActor, createTestAccount, createTestServices, type TestActor } from "../../testing";

let db: Db;
beforeAll(() => {
  db = openDb();
});
afterAll(() => db.$disconnect());

const DAY = 24 * 60 * 60 * 1000;

const giveAccount = (owner: TestActor, amazonName = "Sam Seller") =>
  createTestAccount(db, createTestServices().vault, owner, { amazonName, expiresInSeconds: null });

async function event(
  owner: TestActor,
  accountId: string | null,
  type: string,
  at: Date,
  details: object = {},
) {
  await db.auditEvent.create({
    data: {
      workspaceId: owner.workspaceId,
      accountId,
      type: type as never,
      details,
      createdAt: at,
    },
  });
}

const caller = (who: TestActor) => callerFor(db, { session: who.session });

describe("activity.list", () => {
  it("pages through the person's own events, newest first, with each event's account name", async () => {
    const a = await createActor(db, "a");
    const b = await createActor(db, "b");
    const account = await giveAccount(a);
    const now = Date.now() + 600_000; // after the api_key_created of createActor
    for (let i = 0; i < 5; i++)
      await event(a, account, "token_refreshed", new Date(now - i * 60_000), { i });
    await event(b, await giveAccount(b), "token_refreshed", new Date(now));

    const first = await caller(a).activity.list({ limit: 3 });
    expect(first.items.map((item) => item.type)).toEqual([
      "token_refreshed",
      "token_refreshed",
      "token_refreshed",
    ]);
    expect(first.items[0]).toMatchObject({
      accountId: account,
      accountName: "Sam Seller",
      details: { i: 0 },
    });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await caller(a).activity.list({ limit: 3, cursor: first.nextCursor });
    // 5 refreshes and the api_key_created of createActor, nothing of B's.
    expect(second.items.map((item) => item.type)).toEqual([
      "token_refreshed",
      "token_refreshed",
      "api_key_created",
    ]);
    expect(second.nextCursor).toBeNull();
  });

  it("filters by account and by type", async () => {
    const a = await createActor(db, "a");
    const one = await giveAccount(a, "One");
    const two = await giveAccount(a, "Two");
    await event(a, one, "account_connected", new Date());
    await event(a, two, "reauth_required", new Date());
    const byAccount = await caller(a).activity.list({ accountId: two, limit: 50 });
    expect(byAccount.items.map((item) => item.accountName)).toEqual(["Two"]);
    const byType = await caller(a).activity.list({
      types: ["account_connected", "api_key_created"],
      limit: 50,
    });
    expect(byType.items.map((item) => item.type).sort()).toEqual([
      "account_connected",
      "api_key_created",
    ]);
  });

  it("refuses a cursor it did not write and an unknown type, saying what to send", async () => {
    const a = await createActor(db, "a");
    expect(await caught(caller(a).activity.list({ limit: 5, cursor: "nonsense" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("nextCursor"),
    });
    expect(
      await caught(caller(a).activity.list({ limit: 5, types: ["token_eaten" as never] })),
    ).toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("activity.refreshHealth", () => {
  it("counts successes and failures per UTC day, oldest day first, today last", async () => {
    const a = await createActor(db, "a");
    const account = await giveAccount(a);
    const now = new Date();
    await event(a, account, "token_refreshed", now);
    await event(a, account, "token_refreshed", now);
    await event(a, account, "token_refreshed", now);
    await event(a, account, "recovered", now); // written beside a token_refreshed: not counted twice
    await event(a, account, "token_refresh_failed", new Date(now.getTime() - 2 * DAY));
    await event(a, account, "reauth_required", new Date(now.getTime() - 2 * DAY));
    await event(a, account, "profiles_synced", now); // not a refresh
    await event(a, account, "token_refreshed", new Date(now.getTime() - 30 * DAY)); // out of range

    const health = await caller(a).activity.refreshHealth({ accountId: account, days: 7 });
    expect(health.days).toHaveLength(7);
    expect(health.days.at(-1)).toEqual({
      date: now.toISOString().slice(0, 10),
      succeeded: 3,
      failed: 0,
    });
    expect(health.days.at(-3)).toMatchObject({ succeeded: 0, failed: 2 });
    expect({ succeeded: health.succeeded, failed: health.failed }).toEqual({
      succeeded: 3,
      failed: 2,
    });
  });
});
