// The webhook history purge against a real database: finished messages past the cutoff go with
// their attempts, spent events after them; pending messages (whatever their age), recent ones and
// the attempts log the dashboard shows for them stay.
import type { Db } from "@adsconnect/db/client";
import { afterAll, describe, expect, it } from "vitest";

import { listAttempts } from "../src/endpoints";
import { readWebhookBacklog } from "../src/read-webhook-backlog";
import { purgeWebhookHistory } from "../src/retention";
import { addEndpoint, createTestServices, createWorkspace } from "./support/harness";

const services = createTestServices();
afterAll(() => services.close());

const DAY = 24 * 60 * 60 * 1000;
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

/** The tables these helpers write, on the client or inside a transaction. */
type Tables = Pick<Db, "webhookEvent" | "webhookMessage" | "webhookEndpoint">;

/** An event of the account written `days` ago, as the outbox writes it. */
async function event(
  workspaceId: string,
  accountId: string,
  days: number,
  db: Tables = services.db,
): Promise<string> {
  const row = await db.webhookEvent.create({
    data: {
      workspaceId,
      accountId,
      type: "account.refresh_failing",
      payload: { type: "account.refresh_failing" },
      createdAt: daysAgo(days),
    },
  });
  return row.id;
}

/**
 * A message of the event to the endpoint, in `state` since `days` ago, with `attempts` attempts.
 * A pending one's next attempt is a day away, so no other test file's dispatcher (they share the
 * database) takes it meanwhile.
 */
async function message(
  eventId: string,
  endpointId: string,
  accountId: string,
  state: "pending" | "delivered" | "failed",
  days: number,
  attempts = 1,
  db: Tables = services.db,
): Promise<string> {
  const at = daysAgo(days);
  const row = await db.webhookMessage.create({
    data: {
      eventId,
      endpointId,
      accountId,
      state,
      attemptCount: attempts,
      nextAttemptAt: state === "pending" ? daysAgo(-1) : at,
      createdAt: at,
      updatedAt: at,
      attempts: {
        create: Array.from({ length: attempts }, (_, i) => ({
          status: i === attempts - 1 && state === "delivered" ? "succeeded" : "failed",
          durationMs: 12,
          responseCode: 500,
          createdAt: new Date(at.getTime() - (attempts - i) * 1000),
        })),
      },
    },
  });
  return row.id;
}

describe("purgeWebhookHistory", () => {
  it("deletes delivered and failed messages past the cutoff with their attempts, then events with no message left, in batches; pending and recent ones stay", async () => {
    const { workspaceId, accountIds } = await createWorkspace(services);
    const accountId = accountIds[0]!;
    const { endpointId } = await addEndpoint(services, workspaceId, "http://127.0.0.1:9/hooks");

    // Old and finished: they go (with 3 attempts each), and so do their events.
    const oldDelivered: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await event(workspaceId, accountId, 40 + i);
      oldDelivered.push(await message(id, endpointId, accountId, "delivered", 40 + i, 3));
    }
    const oldFailedEvent = await event(workspaceId, accountId, 35);
    const oldFailed = await message(oldFailedEvent, endpointId, accountId, "failed", 31, 3);
    // An event no endpoint subscribed to, 40 days old: nothing to keep it for.
    const oldEmptyEvent = await event(workspaceId, accountId, 40);

    // Pending for 90 days (an endpoint that was disabled, say): never deleted, nor its event.
    const stuckEvent = await event(workspaceId, accountId, 90);
    const stuck = await message(stuckEvent, endpointId, accountId, "pending", 90, 2);
    // An old event delivered to one endpoint long ago and replayed to it yesterday: it stays.
    const replayedEvent = await event(workspaceId, accountId, 50);
    const replayed = await message(replayedEvent, endpointId, accountId, "delivered", 1, 2);
    // Recent ones.
    const recentEvent = await event(workspaceId, accountId, 2);
    const recentDelivered = await message(recentEvent, endpointId, accountId, "delivered", 2, 1);
    const recentFailedEvent = await event(workspaceId, accountId, 29);
    const recentFailed = await message(recentFailedEvent, endpointId, accountId, "failed", 29, 3);
    const recentEmptyEvent = await event(workspaceId, accountId, 3);

    const attemptsBefore = await listAttempts(services.db, workspaceId, { endpointId });
    const recentIds = new Set([stuck, replayed, recentDelivered, recentFailed]);
    const recentAttempts = attemptsBefore.items.filter((a) => recentIds.has(a.messageId));
    expect(recentAttempts).toHaveLength(2 + 2 + 1 + 3);

    // Batches of 2: five runs of the message delete and several of the event walk.
    const purged = await purgeWebhookHistory(services.db, { cutoff: daysAgo(30), batchSize: 2 });
    // Other tests' rows share the database, so at least ours.
    expect(purged.messages).toBeGreaterThanOrEqual(6);
    expect(purged.attempts).toBeGreaterThanOrEqual(18);
    expect(purged.events).toBeGreaterThanOrEqual(7);

    const messagesLeft = await services.db.webhookMessage.findMany({
      where: { endpointId },
      select: { id: true },
    });
    expect(messagesLeft.map((m) => m.id).sort()).toEqual([...recentIds].sort());
    expect(
      await services.db.webhookAttempt.count({
        where: { messageId: { in: [...oldDelivered, oldFailed] } },
      }),
    ).toBe(0);
    const eventsLeft = await services.db.webhookEvent.findMany({
      where: { workspaceId },
      select: { id: true },
    });
    expect(eventsLeft.map((e) => e.id).sort()).toEqual(
      [stuckEvent, replayedEvent, recentEvent, recentFailedEvent, recentEmptyEvent].sort(),
    );
    expect(eventsLeft.map((e) => e.id)).not.toContain(oldEmptyEvent);
    expect(eventsLeft.map((e) => e.id)).not.toContain(oldFailedEvent);

    // The dashboard's attempts log: exactly the recent messages' attempts, as they were.
    const attemptsAfter = await listAttempts(services.db, workspaceId, { endpointId });
    expect(attemptsAfter.items).toEqual(recentAttempts);

    // A second run finds nothing of ours.
    await purgeWebhookHistory(services.db, { cutoff: daysAgo(30) });
    expect(await services.db.webhookMessage.count({ where: { endpointId } })).toBe(4);
  });

  it("stops between batches once its signal is aborted", async () => {
    const { workspaceId, accountIds } = await createWorkspace(services);
    const { endpointId } = await addEndpoint(services, workspaceId, "http://127.0.0.1:9/hooks");
    const eventId = await event(workspaceId, accountIds[0]!, 60);
    await message(eventId, endpointId, accountIds[0]!, "delivered", 60);
    const aborted = AbortSignal.abort();
    expect(
      await purgeWebhookHistory(services.db, { cutoff: daysAgo(30), signal: aborted }),
    ).toEqual({ messages: 0, attempts: 0, events: 0 });
    expect(await services.db.webhookMessage.count({ where: { endpointId } })).toBe(1);
  });
});

describe("purgeWebhookHistory and disabled endpoints", () => {
  it("keeps a disabled endpoint's failed messages however old, with their event and attempts: enabling the endpoint sends them", async () => {
    const { workspaceId, accountIds } = await createWorkspace(services);
    const accountId = accountIds[0]!;
    const { endpointId } = await addEndpoint(services, workspaceId, "http://127.0.0.1:9/hooks");
    const eventId = await event(workspaceId, accountId, 60);
    const failed = await message(eventId, endpointId, accountId, "failed", 45, 3);
    await services.db.webhookEndpoint.update({
      where: { id: endpointId },
      data: { status: "disabled", disabledReason: "every attempt failed" },
    });

    await purgeWebhookHistory(services.db, { cutoff: daysAgo(30) });
    expect(await services.db.webhookMessage.findUnique({ where: { id: failed } })).toMatchObject({
      state: "failed",
    });
    expect(await services.db.webhookEvent.count({ where: { id: eventId } })).toBe(1);
    expect(await services.db.webhookAttempt.count({ where: { messageId: failed } })).toBe(3);

    // What keeps it is the endpoint's status: with the endpoint active (only the status changed
    // here; enabling it through updateEndpoint would have made the message pending), it goes.
    await services.db.webhookEndpoint.update({
      where: { id: endpointId },
      data: { status: "active", disabledReason: null },
    });
    await purgeWebhookHistory(services.db, { cutoff: daysAgo(30) });
    expect(await services.db.webhookMessage.count({ where: { id: failed } })).toBe(0);
  });
});

describe("readWebhookBacklog", () => {
  it("counts pending messages by endpoint status, the oldest pending age of active endpoints, and endpoints by status", async () => {
    const { workspaceId, accountIds } = await createWorkspace(services);
    const accountId = accountIds[0]!;
    // Other test files write to the same database meanwhile: both reads run in one snapshot
    // (repeatable read), which sees this transaction's own rows, so the differences are exact.
    const [before, after] = await services.db.$transaction(
      async (tx) => {
        const before = await readWebhookBacklog(tx, now);
        const endpoint = (status: "active" | "disabled") =>
          tx.webhookEndpoint.create({
            data: { workspaceId, url: "http://127.0.0.1:9/hooks", secretCiphertext: "x", status },
          });
        const active = await endpoint("active");
        const disabled = await endpoint("disabled");
        const eventId = await event(workspaceId, accountId, 0, tx);
        await message(eventId, active.id, accountId, "pending", 0, 0, tx);
        // Held by a disabled endpoint: counted apart, and not in the oldest age.
        await message(eventId, disabled.id, accountId, "pending", 400, 0, tx);
        await message(eventId, active.id, accountId, "delivered", 0, 1, tx);
        const oldEvent = await event(workspaceId, accountId, 200, tx);
        await message(oldEvent, active.id, accountId, "pending", 200, 2, tx);
        return [before, await readWebhookBacklog(tx, now)];
      },
      { isolationLevel: "RepeatableRead" },
    );
    expect(after.pending.active - before.pending.active).toBe(2);
    expect(after.pending.disabled - before.pending.disabled).toBe(1);
    // Nothing else in the database is pending for longer (the purge test's is 90 days).
    expect(after.oldestPendingAgeSeconds).toBe(200 * 24 * 60 * 60);
    expect(after.endpoints.active - before.endpoints.active).toBe(1);
    expect(after.endpoints.disabled - before.endpoints.disabled).toBe(1);
  });
});

describe("the backlog's delivery lag", () => {
  it("is how late the oldest message a worker could attempt is: not a retry waiting out its backoff, the messages queued behind it, one in flight, or a disabled endpoint's", async () => {
    const { workspaceId, accountIds } = await createWorkspace(services, 4);
    const [x, y, z, w] = accountIds as [string, string, string, string];
    // Read as of a year ago: every other test file's messages (written now) are not due yet
    // then, so the lag is this test's alone; the rows stay in this transaction (rolled back).
    const t0 = new Date(now.getTime() - 365 * DAY);
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const lags = await services.db
      .$transaction(
        async (tx) => {
          const endpoint = (status: "active" | "disabled") =>
            tx.webhookEndpoint.create({
              data: { workspaceId, url: "http://127.0.0.1:9/hooks", secretCiphertext: "x", status },
            });
          const active = await endpoint("active");
          const disabled = await endpoint("disabled");
          const eventId = await event(workspaceId, x, 400, tx);
          const pending = (
            endpointId: string,
            accountId: string | null,
            nextAttemptAt: Date,
            leaseUntil: Date | null = null,
          ) =>
            tx.webhookMessage.create({
              data: { eventId, endpointId, accountId, state: "pending", nextAttemptAt, leaseUntil },
            });
          // X's lane: its head waits out a retry's backoff; the message behind it is blocked.
          await pending(active.id, x, at(600));
          await pending(active.id, x, at(-20 * 86_400));
          // Y's head is being delivered (leased); the test events' lane is blocked the same way.
          await pending(active.id, y, at(-7 * 86_400), at(60));
          await pending(active.id, null, at(60));
          await pending(active.id, null, at(-900));
          // A disabled endpoint's messages wait for an admin, not for the workers.
          await pending(disabled.id, x, at(-40 * 86_400));
          const quiet = await readWebhookBacklog(tx, t0);
          // Z's head is 10 minutes late: nothing is delivering it.
          await pending(active.id, z, at(-600));
          const late = await readWebhookBacklog(tx, t0);
          // W's head was leased by a worker that died: once the lease runs out it is due again,
          // late since its attempt time (20 minutes).
          await pending(active.id, w, at(-1200), at(-1));
          return { quiet, late, afterLease: await readWebhookBacklog(tx, t0) };
        },
        { isolationLevel: "RepeatableRead" },
      )
      .then((r) => ({
        quiet: r.quiet.deliveryLagSeconds,
        late: r.late.deliveryLagSeconds,
        afterLease: r.afterLease.deliveryLagSeconds,
      }));
    expect(lags).toEqual({ quiet: 0, late: 600, afterLease: 1200 });
  });
});
