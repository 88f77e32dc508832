import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, describe, expect, it } from "vitest";

import type { ResolvedAddress, Services } from "@adsconnect/services";

import { startWebhookDispatcher, type WebhookDispatcher } from "../src/delivery";
import { listAttempts, updateEndpoint } from "../src/endpoints";
import type { AccountEvent } from "../src/record-account-event";
import { recordTestEvent, startTestReceiver, type TestReceiver } from "../src/testing";
import { addEndpoint, createTestServices, createWorkspace } from "./support/harness";

const services = createTestServices();
const open: { dispatchers: WebhookDispatcher[]; receivers: TestReceiver[]; services: Services[] } =
  {
    dispatchers: [],
    receivers: [],
    services: [],
  };
afterEach(async () => {
  await Promise.all(open.dispatchers.splice(0).map((d) => d.stop()));
  await Promise.all(open.receivers.splice(0).map((r) => r.close()));
  await Promise.all(open.services.splice(0).map((s) => s.close()));
});
afterAll(() => services.close());

async function dispatcher(on: Services = services, concurrency = 10) {
  const started = await startWebhookDispatcher(on, { pollMs: 50, concurrency });
  open.dispatchers.push(started);
  return started;
}
async function receiver() {
  const started = await startTestReceiver();
  open.receivers.push(started);
  return started;
}
async function record(
  accountId: string,
  type: AccountEvent["type"] = "account.refresh_failing",
  reason = "timeout",
) {
  await recordTestEvent(services.db, accountId, { type, reason });
}

describe("webhook delivery", () => {
  it("POSTs a signed event that verifies with the endpoint's secret, and logs the attempt", async () => {
    const { workspaceId, accountIds } = await createWorkspace(services);
    const hook = await receiver();
    const { endpointId, secret } = await addEndpoint(services, workspaceId, hook.url);
    await dispatcher();
    await record(accountIds[0]!, "account.reauth_required", "invalid_grant");

    const [got] = await hook.waitFor(1);
    const payload = new Webhook(secret).verify(got!.body, got!.headers as Record<string, string>);
    expect(payload).toEqual({
      type: "account.reauth_required",
      timestamp: expect.any(String),
      data: {
        accountId: accountIds[0],
        workspaceId,
        status: "refresh_failing",
        reason: "invalid_grant",
      },
    });
    expect(got!.body).not.toMatch(/token/i);
    await expect
      .poll(async () => (await listAttempts(services.db, workspaceId, { endpointId })).items)
      .toMatchObject([{ status: "succeeded", responseCode: 204, messageState: "delivered" }]);
  });

  it("retries on the schedule, logging each answer, until the endpoint answers 2xx", async () => {
    const { workspaceId, accountIds } = await createWorkspace(services);
    const hook = await receiver();
    hook.respondWith(500);
    const { endpointId } = await addEndpoint(services, workspaceId, hook.url);
    await dispatcher();
    await record(accountIds[0]!);

    await hook.waitFor(2);
    hook.respondWith(200);
    const got = await hook.waitFor(3);
    // Schedule (harness): now, 300 ms, 600 ms after each failure.
    expect(got[1]!.receivedAt - got[0]!.receivedAt).toBeGreaterThanOrEqual(280);
    expect(got[2]!.receivedAt - got[1]!.receivedAt).toBeGreaterThanOrEqual(580);
    expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(1);
    await expect
      .poll(async () =>
        (await listAttempts(services.db, workspaceId, { endpointId })).items.map((a) => [
          a.status,
          a.responseCode,
          a.responseBody,
        ]),
      )
      .toEqual([
        ["succeeded", 200, ""],
        ["failed", 500, "receiver says 500"],
        ["failed", 500, "receiver says 500"],
      ]);
  });

  it("logs an answer holding NUL bytes (Postgres text cannot) instead of retrying the message forever", async () => {
    const { workspaceId, accountIds } = await createWorkspace(services);
    const hook = await receiver();
    hook.respondWith(200, Buffer.from([0x6f, 0x6b, 0x00, 0xff, 0x00]));
    const { endpointId } = await addEndpoint(services, workspaceId, hook.url);
    await dispatcher();
    await record(accountIds[0]!);

    await expect
      .poll(async () => (await listAttempts(services.db, workspaceId, { endpointId })).items)
      .toMatchObject([
        { status: "succeeded", responseCode: 200, responseBody: "ok\uFFFD\uFFFD\uFFFD" },
      ]);
    expect(hook.received).toHaveLength(1);
  });

  it("records an attempt that could not be made (the secret no longer decrypts) and moves along the schedule", async () => {
    const { workspaceId, accountIds } = await createWorkspace(services);
    const hook = await receiver();
    const { endpointId } = await addEndpoint(services, workspaceId, hook.url);
    // A ciphertext of another key ring: decrypting it throws inside the attempt.
    await services.db.webhookEndpoint.update({
      where: { id: endpointId },
      data: { secretCiphertext: "gAAAAABpZ2FyYmFnZS1jaXBoZXJ0ZXh0LW9mLWFub3RoZXIta2V5LXJpbmc=" },
    });
    await dispatcher();
    await record(accountIds[0]!);

    await expect
      .poll(() => services.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } }), {
        timeout: 10_000,
      })
      .toMatchObject({ status: "disabled" });
    const attempts = (await listAttempts(services.db, workspaceId, { endpointId })).items;
    expect(attempts).toHaveLength(3);
    for (const attempt of attempts)
      expect(attempt).toMatchObject({
        status: "failed",
        responseCode: null,
        error: expect.stringContaining("could not make this attempt"),
      });
    expect(hook.received).toHaveLength(0);
  });

  it("disables an endpoint that fails the whole schedule, with the reason and an audit event", async () => {
    const { workspaceId, accountIds } = await createWorkspace(services);
    const hook = await receiver();
    hook.respondWith(503);
    const { endpointId } = await addEndpoint(services, workspaceId, hook.url);
    await dispatcher();
    await record(accountIds[0]!);

    await expect
      .poll(() => services.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } }), {
        timeout: 10_000,
      })
      .toMatchObject({
        status: "disabled",
        disabledReason: expect.stringContaining("3 delivery attempts"),
      });
    expect(hook.received).toHaveLength(3);
    const audit = await services.db.auditEvent.findMany({
      where: { workspaceId, type: "webhook_endpoint_disabled" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({
      endpointId,
      reason: expect.stringContaining("answered 503"),
    });

    // Enabled again, the failed event goes out: nothing is lost.
    hook.respondWith(204);
    await updateEndpoint(services, workspaceId, { endpointId, enabled: true });
    await hook.waitFor(4);
  });

  it("gives a receiver that was down every event once it is back, in order per account", async () => {
    const { workspaceId, accountIds } = await createWorkspace(services, 2);
    const hook = await receiver();
    const { endpointId } = await addEndpoint(services, workspaceId, hook.url);
    // Many retries, close together: the receiver is down for a while.
    const patient = createTestServices({ retryScheduleMs: [0, ...Array<number>(30).fill(100)] });
    open.services.push(patient);
    await hook.close();
    await dispatcher(patient);
    for (let i = 0; i < 5; i++)
      for (const accountId of accountIds)
        await record(accountId, "account.refresh_failing", `step ${i}`);
    await new Promise((resolve) => setTimeout(resolve, 800));

    const back = await startTestReceiver(hook.port);
    open.receivers.push(back);
    const got = await back.waitFor(10);
    const reasons = (accountId: string) =>
      got
        .map((r) => JSON.parse(r.body) as { data: { accountId: string; reason: string } })
        .filter((p) => p.data.accountId === accountId)
        .map((p) => p.data.reason);
    for (const accountId of accountIds)
      expect(reasons(accountId)).toEqual(["step 0", "step 1", "step 2", "step 3", "step 4"]);
    await expect
      .poll(() =>
        services.db.webhookMessage.groupBy({ by: ["state"], where: { endpointId }, _count: true }),
      )
      .toEqual([{ state: "delivered", _count: 10 }]);
  });

  it("keeps order per account with two dispatchers claiming at once", async () => {
    const { workspaceId, accountIds } = await createWorkspace(services, 3);
    const hook = await receiver();
    await addEndpoint(services, workspaceId, hook.url);
    for (let i = 0; i < 10; i++)
      for (const accountId of accountIds)
        await record(accountId, "account.refresh_failing", String(i));
    const other = createTestServices();
    open.services.push(other);
    await Promise.all([dispatcher(services, 4), dispatcher(other, 4)]);

    const got = await hook.waitFor(30);
    for (const accountId of accountIds) {
      const order = got
        .map((r) => JSON.parse(r.body) as { data: { accountId: string; reason: string } })
        .filter((p) => p.data.accountId === accountId)
        .map((p) => Number(p.data.reason));
      expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });
});

describe("the SSRF guard at delivery", () => {
  it("refuses a host that rebinds to loopback after it was saved, and never connects", async () => {
    const hook = await receiver();
    let answer = "93.184.216.34";
    const rebinding = createTestServices({
      production: true,
      resolve: () => Promise.resolve([{ address: answer, family: 4 as const }]),
    });
    open.services.push(rebinding);
    const { workspaceId, accountIds } = await createWorkspace(rebinding);
    const { endpointId } = await addEndpoint(
      rebinding,
      workspaceId,
      `https://rebind.example.com:${hook.port}/hooks`,
    );
    answer = "127.0.0.1";
    await dispatcher(rebinding);
    await record(accountIds[0]!);

    await expect
      .poll(
        async () => (await listAttempts(services.db, workspaceId, { endpointId })).items[0]?.error,
      )
      .toBe(
        "refused by the SSRF guard: The endpoint's host rebind.example.com resolves to a loopback address (127.0.0.1); endpoints must be reachable on the public internet.",
      );
    expect(hook.received).toHaveLength(0);
  });

  it("gives the name lookup the attempt's time, not more: a resolver that never answers fails the attempt within its lease", async () => {
    // Saved while the resolver answered; it stalls before the delivery.
    let answer: Promise<ResolvedAddress[]> = Promise.resolve([{ address: "127.0.0.1", family: 4 }]);
    const stalled = createTestServices({ resolve: () => answer });
    open.services.push(stalled);
    const { workspaceId, accountIds } = await createWorkspace(stalled);
    const { endpointId } = await addEndpoint(
      stalled,
      workspaceId,
      "http://slow-dns.adsconnect.invalid/hooks",
    );
    answer = new Promise(() => {});
    await dispatcher(stalled);
    await record(accountIds[0]!);

    await expect
      .poll(
        async () => (await listAttempts(services.db, workspaceId, { endpointId })).items.at(-1),
        { timeout: 15_000 },
      )
      .toMatchObject({
        status: "failed",
        error:
          "refused by the SSRF guard: The endpoint's host slow-dns.adsconnect.invalid did not resolve within 2000 ms; check the name, or try again later.",
      });
  });

  it("connects to the address it checked, not to what the name resolves to later", async () => {
    const hook = await receiver();
    // A name no DNS knows: only the checked, pinned address can reach the receiver.
    const pinned = createTestServices({
      resolve: () => Promise.resolve([{ address: "127.0.0.1", family: 4 as const }]),
    });
    open.services.push(pinned);
    const { workspaceId, accountIds } = await createWorkspace(pinned);
    await addEndpoint(pinned, workspaceId, `http://hooks.adsconnect.invalid:${hook.port}/hooks`);
    await dispatcher(pinned);
    await record(accountIds[0]!);
    const [got] = await hook.waitFor(1);
    expect(got!.headers.host).toBe(`hooks.adsconnect.invalid:${hook.port}`);
  });
});
