// Webhook delivery by the worker process, as Railway runs it: kill -9 in the middle of a delivery
// loses no event (the lease runs out and another worker delivers it), in order per account.
import { randomUUID } from "node:crypto";

import { verifyWebhook } from "@adsconnect/client";
import { WEBHOOK_DEFAULTS } from "@adsconnect/services";
import { createEndpoint } from "@adsconnect/webhooks/endpoints";
import {
  recordTestEvent,
  startTestReceiver,
  type TestReceiver,
} from "@adsconnect/webhooks/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { startWorkerHarness, type WorkerHarness } from "./support/harness";
import { spawnWorker, waitWhileAlive, type WorkerProcess } from "./support/worker-process";

let h: WorkerHarness;
let hook: TestReceiver;
const running = new Set<WorkerProcess>();
beforeAll(async () => {
  h = await startWorkerHarness();
  hook = await startTestReceiver();
});
afterEach(async ({ task }) => {
  for (const worker of running) {
    if (task.result?.state === "fail")
      console.log(`worker ${worker.pid} logged:\n${worker.logs().slice(-6000)}`);
    worker.kill("SIGKILL");
    await worker.exited;
  }
  running.clear();
});
afterAll(async () => {
  await hook.close();
  await h.close();
});

async function start() {
  const worker = await spawnWorker(
    h.env({
      WORKER_CONCURRENCY: "2",
      // The receiver is on 127.0.0.1; the worker otherwise runs under production rules.
      WEBHOOK_ALLOW_PRIVATE_URLS: "true",
      WEBHOOK_TIMEOUT_MS: "2000",
      WEBHOOK_POLL_MS: "100",
      WEBHOOK_RETRY_SCHEDULE: "0,200,200,200,200,200",
    }),
  );
  running.add(worker);
  return worker;
}

describe("webhook delivery by the worker process", () => {
  it("loses no event when the worker is killed mid-delivery: another delivers all, in order", async () => {
    const services = h.services({ webhooks: { ...WEBHOOK_DEFAULTS, production: false } });
    const workspace = await h.db.workspace.create({
      data: { kind: "local", name: "Webhook crash" },
    });
    const account = await h.db.amazonAccount.create({
      data: {
        workspaceId: workspace.id,
        amazonUserId: `amzn1.account.${randomUUID()}`,
        consentRegion: "NA",
        consentedAt: new Date(),
      },
    });
    const { secret } = await createEndpoint(services, {
      workspaceId: workspace.id,
      createdById: null,
      url: hook.url,
      eventTypes: [],
    });
    hook.respondWith("hang");
    for (const reason of ["first", "second", "third"])
      await recordTestEvent(h.db, account.id, { reason });

    const doomed = await start();
    await waitWhileAlive(doomed, async () => hook.received.length >= 1);
    doomed.kill("SIGKILL");
    await doomed.exited;
    running.delete(doomed);
    hook.respondWith(204);

    const survivor = await start();
    await waitWhileAlive(survivor, async () => {
      const { rows } = await h.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_messages WHERE account_id = $1 AND state = 'delivered'`,
        [account.id],
      );
      return rows[0]!.n === 3;
    });

    // The first event came twice (the killed worker's hung attempt, then the survivor's): same webhook-id.
    const payloads = hook.received.map((request) => ({
      id: request.headers["webhook-id"],
      reason: verifyWebhook(request.body, request.headers, secret).data.reason,
    }));
    expect(payloads.map((p) => p.reason)).toEqual(["first", "first", "second", "third"]);
    expect(payloads[0]!.id).toBe(payloads[1]!.id);
    expect(new Set(payloads.map((p) => p.id)).size).toBe(3);
  });
});
