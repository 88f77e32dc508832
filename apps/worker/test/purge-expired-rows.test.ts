import { disconnectAccount } from "@adsconnect/accounts";
import { createAccount, createAccounts } from "@adsconnect/tokens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTaskList, crontab } from "../src/task-list";
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
          workspaceId: account.workspaceId,
          region: "NA",
          codeVerifierCiphertext: "x",
          expiresAt,
        },
      });
    await state(`old-${account.id}`, new Date(now.getTime() - 2 * DAY));
    await state(`recent-${account.id}`, new Date(now.getTime() - DAY / 2));
    const event = (type: "token_refreshed" | "reauth_required", createdAt: Date) =>
      db.auditEvent.create({
        data: { workspaceId: account.workspaceId, accountId: account.id, type, createdAt },
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

  it("deletes accounts disconnected longer than DISCONNECTED_ACCOUNT_RETENTION_DAYS (default 30) with their profiles, advertisers and audit events, keeping newer and connected ones and the workspace's other history", async () => {
    const { db } = h;
    const now = new Date();
    const [old, recent, tenDays, connected] = await createAccounts(h.pool, h.vault, h.sandbox, 4, {
      expiresInSeconds: 1800,
    });
    const { userId, workspaceId } = old!;
    const disconnectAt = (accountId: string, daysAgo: number) =>
      disconnectAccount(
        { db, now: () => new Date(now.getTime() - daysAgo * DAY) },
        { workspaceId, actorId: userId, accountId },
      );
    await disconnectAt(old!.id, 31);
    await disconnectAt(recent!.id, 29);
    await disconnectAt(tenDays!.id, 10);
    const profile = await db.advertisingProfile.create({
      data: {
        accountId: old!.id,
        profileId: 4400000000000000777n,
        region: "EU",
        countryCode: "DE",
        currencyCode: "EUR",
        timezone: "Europe/Berlin",
        marketplaceStringId: "A1PA6795UKMFR9",
        accountInfoType: "agency",
        accountInfoId: "A-OLD",
        lastSyncedAt: now,
        dspAdvertisers: { create: { advertiserId: "777", name: "Old brand", lastSyncedAt: now } },
      },
    });
    await db.auditEvent.create({
      data: {
        workspaceId,
        accountId: old!.id,
        type: "token_refresh_failed",
        details: { message: "x" },
      },
    });
    await db.auditEvent.create({ data: { workspaceId, actorId: userId, type: "api_key_created" } });

    const purged = await purgeExpiredRows(db, now);
    expect(purged.disconnectedAccounts).toBeGreaterThanOrEqual(1);
    const left = await db.amazonAccount.findMany({
      where: { workspaceId },
      select: { id: true },
    });
    expect(left.map((a) => a.id).sort()).toEqual([recent!.id, tenDays!.id, connected!.id].sort());
    expect(await db.advertisingProfile.count({ where: { id: profile.id } })).toBe(0);
    expect(await db.dspAdvertiser.count({ where: { profileId: profile.id } })).toBe(0);
    // None of the purged account's events is left behind, not even with its id set to null.
    expect(await db.auditEvent.count({ where: { accountId: old!.id } })).toBe(0);
    const kept = await db.auditEvent.findMany({
      where: { workspaceId },
      select: { type: true, accountId: true },
    });
    expect(kept.filter((e) => e.accountId === null).map((e) => e.type)).toEqual([
      "api_key_created",
    ]);
    expect(kept.filter((e) => e.accountId === recent!.id).map((e) => e.type)).toEqual([
      "account_disconnected",
    ]);

    // A shorter retention (DISCONNECTED_ACCOUNT_RETENTION_DAYS=7) reaches the 29- and 10-day-old ones too.
    await purgeExpiredRows(db, now, { disconnectedAccountRetentionDays: 7 });
    const after = await db.amazonAccount.findMany({
      where: { workspaceId },
      select: { id: true },
    });
    expect(after.map((a) => a.id)).toEqual([connected!.id]);
  });

  it("forgets webhook ids (svix-id, replay refusal) after a day", async () => {
    const { db } = h;
    const now = new Date();
    const suffix = Date.now();
    await db.webhookDelivery.create({
      data: { svixId: `msg_old_${suffix}`, receivedAt: new Date(now.getTime() - 2 * DAY) },
    });
    await db.webhookDelivery.create({
      data: { svixId: `msg_new_${suffix}`, receivedAt: new Date(now.getTime() - DAY / 2) },
    });
    const purged = await purgeExpiredRows(db, now);
    expect(purged.webhookDeliveries).toBeGreaterThanOrEqual(1);
    const left = await db.webhookDelivery.findMany({
      where: { svixId: { endsWith: `_${suffix}` } },
    });
    expect(left.map((row) => row.svixId)).toEqual([`msg_new_${suffix}`]);
  });

  it("purges webhook history hourly: finished messages and spent events past WEBHOOK_RETENTION_DAYS go, pending ones stay", async () => {
    expect(crontab).toContain(
      "30 * * * * purge_webhook_history ?id=purge_webhook_history&jobKey=purge_webhook_history",
    );
    const { db } = h;
    const now = new Date();
    const workspace = await db.workspace.create({ data: { kind: "local", name: "Retention" } });
    const endpoint = await db.webhookEndpoint.create({
      data: { workspaceId: workspace.id, url: "http://127.0.0.1:9/hooks", secretCiphertext: "x" },
    });
    const write = async (state: "pending" | "delivered" | "failed", daysAgo: number) => {
      const at = new Date(now.getTime() - daysAgo * DAY);
      const event = await db.webhookEvent.create({
        data: { workspaceId: workspace.id, type: "webhook.test", payload: {}, createdAt: at },
      });
      const message = await db.webhookMessage.create({
        data: {
          eventId: event.id,
          endpointId: endpoint.id,
          state,
          // Not due: no dispatcher runs here, and none should ever take it.
          nextAttemptAt: new Date(now.getTime() + DAY),
          createdAt: at,
          updatedAt: at,
          attempts: { create: { status: "failed", durationMs: 5, createdAt: at } },
        },
      });
      return { event: event.id, message: message.id };
    };
    const delivered10 = await write("delivered", 10);
    const failed40 = await write("failed", 40);
    const pending40 = await write("pending", 40);

    // The default (30 days), through the task as graphile-worker runs it.
    const tasks = createTaskList(h.services(), { keyRotationBatchSize: 10 });
    await tasks.purge_webhook_history!({}, h.helpers as never);
    const left = async () =>
      (await db.webhookMessage.findMany({ where: { endpointId: endpoint.id } })).map((m) => m.id);
    expect((await left()).sort()).toEqual([delivered10.message, pending40.message].sort());
    expect(await db.webhookEvent.count({ where: { id: failed40.event } })).toBe(0);
    expect(await db.webhookAttempt.count({ where: { messageId: failed40.message } })).toBe(0);

    // WEBHOOK_RETENTION_DAYS=7 reaches the 10-day-old delivery; the pending one still stays.
    const shorter = createTaskList(h.services(), {
      keyRotationBatchSize: 10,
      webhookRetentionDays: 7,
    });
    await shorter.purge_webhook_history!({}, h.helpers as never);
    expect(await left()).toEqual([pending40.message]);
    expect(await db.webhookEvent.count({ where: { id: pending40.event } })).toBe(1);
  });
});
