import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, describe, expect, it } from "vitest";

import { startWebhookDispatcher, type WebhookDispatcher } from "../src/delivery";
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listAttempts,
  listEndpoints,
  replayMessage,
  rotateSecret,
  sendTestEvent,
  updateEndpoint,
} from "../src/endpoints";
import { startTestReceiver, type TestReceiver } from "../src/testing";
import { addEndpoint, createTestServices, createWorkspace } from "./support/harness";

const services = createTestServices();
const running: (WebhookDispatcher | TestReceiver)[] = [];
afterEach(async () => {
  for (const item of running.splice(0)) await ("stop" in item ? item.stop() : item.close());
});
afterAll(() => services.close());

async function receiverAndDispatcher() {
  const hook = await startTestReceiver();
  running.push(hook, await startWebhookDispatcher(services, { pollMs: 50 }));
  return hook;
}

describe("endpoint management", () => {
  it("stores the secret only as a ciphertext bound to the row, and never returns it again", async () => {
    const { workspaceId } = await createWorkspace(services);
    const { endpoint, secret } = await createEndpoint(services, {
      workspaceId,
      createdById: null,
      url: "http://127.0.0.1:9/hooks",
      eventTypes: ["account.connected", "account.connected"],
    });
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint.eventTypes).toEqual(["account.connected"]);
    const row = await services.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.secretCiphertext).not.toContain(secret.slice(6));
    expect(JSON.stringify(await listEndpoints(services.db, workspaceId))).not.toContain(secret);
  });

  it("answers another workspace's endpoint as one that does not exist", async () => {
    const mine = await createWorkspace(services);
    const theirs = await createWorkspace(services);
    const { endpointId } = await addEndpoint(services, theirs.workspaceId, "http://127.0.0.1:9/x");
    await expect(getEndpoint(services.db, mine.workspaceId, endpointId)).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(deleteEndpoint(services.db, mine.workspaceId, endpointId)).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(rotateSecret(services, mine.workspaceId, endpointId)).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(sendTestEvent(services, mine.workspaceId, endpointId)).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(listAttempts(services.db, mine.workspaceId, { endpointId })).rejects.toMatchObject(
      { kind: "not_found" },
    );
  });

  it("refuses a private URL when saved under production rules, saying why", async () => {
    const strict = createTestServices({ production: true });
    try {
      const { workspaceId } = await createWorkspace(strict);
      await expect(
        createEndpoint(strict, {
          workspaceId,
          createdById: null,
          url: "https://10.0.0.8/hooks",
          eventTypes: [],
        }),
      ).rejects.toMatchObject({
        kind: "invalid_input",
        message: expect.stringContaining("private address"),
      });
    } finally {
      await strict.close();
    }
  });

  it("sends a test event, and after a rotation signs with both secrets until the overlap ends", async () => {
    const hook = await receiverAndDispatcher();
    const { workspaceId } = await createWorkspace(services);
    const { endpointId, secret: first } = await addEndpoint(services, workspaceId, hook.url);

    await sendTestEvent(services, workspaceId, endpointId);
    const [test] = await hook.waitFor(1);
    expect(
      new Webhook(first).verify(test!.body, test!.headers as Record<string, string>),
    ).toMatchObject({
      type: "webhook.test",
      data: { workspaceId, accountId: null },
    });

    const { secret: second, previousSecretValidUntil } = await rotateSecret(
      services,
      workspaceId,
      endpointId,
    );
    expect(previousSecretValidUntil.getTime()).toBeGreaterThan(Date.now() + 59 * 60 * 1000);
    await sendTestEvent(services, workspaceId, endpointId);
    const [, rotated] = await hook.waitFor(2);
    for (const secret of [first, second])
      new Webhook(secret).verify(rotated!.body, rotated!.headers as Record<string, string>);

    // Once the overlap is over, only the new secret signs.
    await services.db.webhookEndpoint.update({
      where: { id: endpointId },
      data: { previousSecretExpiresAt: new Date() },
    });
    await sendTestEvent(services, workspaceId, endpointId);
    const [, , after] = await hook.waitFor(3);
    expect(String(after!.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(() =>
      new Webhook(first).verify(after!.body, after!.headers as Record<string, string>),
    ).toThrow();
  });

  it("sends a test event to a disabled endpoint (the attempt shows whether it works again), leaving it disabled", async () => {
    const hook = await receiverAndDispatcher();
    const { workspaceId } = await createWorkspace(services);
    const { endpointId } = await addEndpoint(services, workspaceId, hook.url);
    await updateEndpoint(services, workspaceId, { endpointId, enabled: false });

    await sendTestEvent(services, workspaceId, endpointId);
    const [test] = await hook.waitFor(1);
    expect(JSON.parse(test!.body)).toMatchObject({ type: "webhook.test" });
    await expect
      .poll(async () => (await listAttempts(services.db, workspaceId, { endpointId })).items)
      .toMatchObject([{ status: "succeeded", messageState: "delivered" }]);
    expect(await getEndpoint(services.db, workspaceId, endpointId)).toMatchObject({
      status: "disabled",
    });
  });

  it("leaves a message a worker is delivering (a live lease) to that worker: replay is refused, enabling keeps the lease", async () => {
    const { workspaceId } = await createWorkspace(services);
    const { endpointId } = await addEndpoint(services, workspaceId, "http://127.0.0.1:9/hooks");
    await updateEndpoint(services, workspaceId, { endpointId, enabled: false });
    // No dispatcher runs here: the rows are set as a worker's claim and a spent schedule leave them.
    const inFlight = (await sendTestEvent(services, workspaceId, endpointId)).messageId;
    const failed = (await sendTestEvent(services, workspaceId, endpointId)).messageId;
    const leaseUntil = new Date(Date.now() + 60_000);
    await services.db.webhookMessage.update({
      where: { id: inFlight },
      data: { leaseUntil, attemptCount: 1 },
    });
    await services.db.webhookMessage.update({
      where: { id: failed },
      data: { state: "failed", attemptCount: 3 },
    });

    await expect(replayMessage(services, workspaceId, inFlight)).rejects.toMatchObject({
      kind: "unavailable",
      message: expect.stringContaining("being delivered right now"),
    });
    await updateEndpoint(services, workspaceId, { endpointId, enabled: true });
    const rows = await services.db.webhookMessage.findMany({
      where: { id: { in: [inFlight, failed] } },
      select: { id: true, state: true, attemptCount: true, leaseUntil: true },
    });
    expect(Object.fromEntries(rows.map((r) => [r.id, r]))).toEqual({
      [inFlight]: { id: inFlight, state: "pending", attemptCount: 1, leaseUntil },
      [failed]: { id: failed, state: "pending", attemptCount: 0, leaseUntil: null },
    });
  });

  it("replays a delivered message as new attempts of the same webhook-id", async () => {
    const hook = await receiverAndDispatcher();
    const { workspaceId } = await createWorkspace(services);
    const { endpointId } = await addEndpoint(services, workspaceId, hook.url);
    const { messageId } = await sendTestEvent(services, workspaceId, endpointId);
    await hook.waitFor(1);
    await expect
      .poll(async () => (await listAttempts(services.db, workspaceId, { endpointId })).items)
      .toHaveLength(1);
    await replayMessage(services, workspaceId, messageId);
    const [first, again] = await hook.waitFor(2);
    expect(again!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    await expect
      .poll(async () =>
        (await listAttempts(services.db, workspaceId, { endpointId })).items.map(
          (a) => a.messageId,
        ),
      )
      .toEqual([messageId, messageId]);
    const other = await createWorkspace(services);
    await expect(replayMessage(services, other.workspaceId, messageId)).rejects.toMatchObject({
      kind: "not_found",
    });
  });
});
