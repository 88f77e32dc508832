// Connecting, reconnecting and disconnecting write their webhook event in the same transaction
// (packages/webhooks' recordAccountEvent), for the account's workspace's endpoints only.
import { createEndpoint } from "@adsconnect/webhooks/endpoints";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { disconnectAccount } from "../src/index";
import {
  connectThroughSandbox,
  createPerson,
  personalWorkspace,
  startHarness,
  type Harness,
} from "./support/harness";

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h?.close());

const endpointOf = async (workspaceId: string) =>
  (
    await createEndpoint(h.services, {
      workspaceId,
      createdById: null,
      // A public address literal: no DNS, allowed under production rules.
      url: "https://93.184.216.34/hooks",
      eventTypes: [],
    })
  ).endpoint.id;

describe("account events from the connect flow", () => {
  it("sends connected, reconnected and disconnected to the workspace's endpoints, and nobody else's", async () => {
    const userId = await createPerson(h.db, "webhooks");
    const workspaceId = await personalWorkspace(h.db, userId);
    const endpointId = await endpointOf(workspaceId);
    const stranger = await createPerson(h.db, "stranger");
    const strangersEndpoint = await endpointOf(await personalWorkspace(h.db, stranger));

    const first = await connectThroughSandbox(h, { userId, kind: "vendor" });
    if (first.outcome.kind !== "connected") throw new Error("not connected");
    const accountId = first.outcome.accountId;
    await connectThroughSandbox(h, { userId, kind: "vendor" });
    await disconnectAccount(h.services, { workspaceId, actorId: userId, accountId });

    const events = await h.db.webhookEvent.findMany({
      where: { accountId },
      orderBy: { createdAt: "asc" },
      include: { messages: true },
    });
    expect(
      events.map((e) => [e.type, (e.payload as { data: { status: string } }).data.status]),
    ).toEqual([
      ["account.connected", "active"],
      ["account.reconnected", "active"],
      ["account.disconnected", "disconnected"],
    ]);
    for (const event of events) {
      expect(event.workspaceId).toBe(workspaceId);
      expect(event.messages.map((m) => m.endpointId)).toEqual([endpointId]);
      expect(JSON.stringify(event.payload)).not.toMatch(/Atz[ar]\|/);
    }
    expect(await h.db.webhookMessage.count({ where: { endpointId: strangersEndpoint } })).toBe(0);
  });
});
