import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

import { testDatabaseUrl } from "@adsconnect/db-dev/testing";

import { updateEndpoint } from "../src/endpoints";
import { recordAccountEvent } from "../src/record-account-event";
import { WEBHOOK_CHANNEL } from "../src/sql";
import { addEndpoint, createTestServices, createWorkspace } from "./support/harness";

const services = createTestServices();
afterAll(() => services.close());

const event = (accountId: string) => ({
  accountId,
  type: "account.reauth_required" as const,
  status: "reauth_required",
  reason: "invalid_grant",
  at: new Date(),
});

async function countFor(accountId: string) {
  const [events, messages] = await Promise.all([
    services.db.webhookEvent.count({ where: { accountId } }),
    services.db.webhookMessage.count({ where: { accountId } }),
  ]);
  return { events, messages };
}

describe("recordAccountEvent", () => {
  it("writes nothing when the change's transaction rolls back (node-postgres)", async () => {
    const { workspaceId, accountIds } = await createWorkspace(services);
    await addEndpoint(services, workspaceId, "http://127.0.0.1:9/hooks");
    const client = await services.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(`UPDATE amazon_accounts SET status = 'reauth_required' WHERE id = $1`, [
        accountIds[0],
      ]);
      expect(await recordAccountEvent(client, event(accountIds[0]!))).toBe(1);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(await countFor(accountIds[0]!)).toEqual({ events: 0, messages: 0 });
  });

  it("writes nothing when the change's transaction rolls back (Prisma)", async () => {
    const { workspaceId, accountIds } = await createWorkspace(services);
    await addEndpoint(services, workspaceId, "http://127.0.0.1:9/hooks");
    await expect(
      services.db.$transaction(async (tx) => {
        await tx.amazonAccount.update({
          where: { id: accountIds[0]! },
          data: { status: "disconnected" },
        });
        await recordAccountEvent(tx, event(accountIds[0]!));
        throw new Error("the change failed after the event was written");
      }),
    ).rejects.toThrow("the change failed");
    expect(await countFor(accountIds[0]!)).toEqual({ events: 0, messages: 0 });
  });

  it("on commit, queues one message per active endpoint that subscribes, and wakes the worker only then", async () => {
    const { workspaceId, accountIds } = await createWorkspace(services);
    const all = await addEndpoint(services, workspaceId, "http://127.0.0.1:9/all");
    const wanted = await addEndpoint(services, workspaceId, "http://127.0.0.1:9/wanted", [
      "account.reauth_required",
    ]);
    await addEndpoint(services, workspaceId, "http://127.0.0.1:9/other", ["account.connected"]);
    const off = await addEndpoint(services, workspaceId, "http://127.0.0.1:9/off");
    await updateEndpoint(services, workspaceId, { endpointId: off.endpointId, enabled: false });
    const elsewhere = await createWorkspace(services);
    await addEndpoint(services, elsewhere.workspaceId, "http://127.0.0.1:9/elsewhere");

    const listener = new pg.Client({ connectionString: testDatabaseUrl() });
    await listener.connect();
    const notes: string[] = [];
    listener.on("notification", (note) => notes.push(note.channel));
    await listener.query(`LISTEN ${WEBHOOK_CHANNEL}`);
    try {
      const client = await services.pool.connect();
      await client.query("BEGIN");
      expect(await recordAccountEvent(client, event(accountIds[0]!))).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(notes).toEqual([]);
      await client.query("COMMIT");
      client.release();
      await expect.poll(() => notes, { timeout: 2000 }).toEqual([WEBHOOK_CHANNEL]);
    } finally {
      await listener.end();
    }

    const messages = await services.db.webhookMessage.findMany({
      where: { accountId: accountIds[0]! },
      include: { event: true },
    });
    expect(messages.map((m) => m.endpointId).sort()).toEqual(
      [all.endpointId, wanted.endpointId].sort(),
    );
    expect(messages[0]!.event.payload).toEqual({
      type: "account.reauth_required",
      timestamp: expect.any(String),
      data: {
        accountId: accountIds[0],
        workspaceId,
        status: "reauth_required",
        reason: "invalid_grant",
      },
    });
  });
});
