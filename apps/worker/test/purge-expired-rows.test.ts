import { createAccount } from "@adsconnect/tokens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { purgeExpiredRows } from "../src/tasks/purge-expired-rows";
import { startWorkerHarness, type WorkerHarness } from "./support/harness";

let h: WorkerHarness;
beforeAll(async () => (h = await startWorkerHarness()));
afterAll(() => h.close());

const DAY = 24 * 60 * 60 * 1000;

describe("the hourly purge", () => {
  it("deletes OAuth states expired over a day ago and routine refresh events over 30 days old, keeping everything else", async () => {
    const account = await createAccount(h.pool, h.vault, h.sandbox, { expiresInSeconds: 1800 });
    const { db } = h;
    const now = new Date();
    const state = (hash: string, expiresAt: Date) =>
      db.oAuthState.create({
        data: {
          stateHash: hash,
          userId: account.userId,
          region: "NA",
          codeVerifierCiphertext: "x",
          expiresAt,
        },
      });
    await state(`old-${account.id}`, new Date(now.getTime() - 2 * DAY));
    await state(`recent-${account.id}`, new Date(now.getTime() - DAY / 2));
    const event = (type: "token_refreshed" | "reauth_required", createdAt: Date) =>
      db.auditEvent.create({
        data: { userId: account.userId, accountId: account.id, type, createdAt },
      });
    await event("token_refreshed", new Date(now.getTime() - 31 * DAY));
    await event("token_refreshed", new Date(now.getTime() - 29 * DAY));
    await event("reauth_required", new Date(now.getTime() - 90 * DAY));

    const purged = await purgeExpiredRows(db, now);
    expect(purged.oauthStates).toBeGreaterThanOrEqual(1);
    expect(purged.refreshEvents).toBeGreaterThanOrEqual(1);
    const states = await db.oAuthState.findMany({ where: { userId: account.userId } });
    expect(states.map((s) => s.stateHash)).toEqual([`recent-${account.id}`]);
    const events = await db.auditEvent.findMany({
      where: { accountId: account.id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.type)).toEqual(["reauth_required", "token_refreshed"]);
  });
});
