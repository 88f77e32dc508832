/**
 * The webhooks routers: roles on the dashboard's (members read, admins change), the SSRF rules
 * at save as BAD_REQUEST, and the machine router's `webhooks:manage` keys acting in their
 * workspace. Tenancy across workspaces is the isolation matrix's.
 */
import { describe, expect, it } from "vitest";

import { createTestServices, createTestWorkspaceKey } from "../src/testing";
import { callerFor, caught, machineCallerFor } from "./support/callers";
import { danaAndMax } from "./support/team";
import { useTestDb } from "./support/test-api";

const services = createTestServices();
const t = useTestDb();

/** Dana (admin) and Max (member) in one shared workspace, as dashboard callers acting in it. */
async function team() {
  const { admin, member, workspace } = await danaAndMax(t.db);
  const as = (who: typeof admin) =>
    callerFor(
      t.db,
      { session: who.session, workspaceId: workspace.workspaceId },
      undefined,
      services,
    );
  return { admin: as(admin), member: as(member), workspace, adminActor: admin };
}

describe("webhooks on the dashboard", () => {
  it("lets an admin add an endpoint (secret once) and a member see it, without its secret", async () => {
    const { admin, member } = await team();
    const { endpoint, secret } = await admin.webhooks.createEndpoint({
      url: "https://93.184.216.34/hooks",
      description: "reporting",
      eventTypes: ["account.reauth_required"],
    });
    expect(secret).toMatch(/^whsec_/);
    const seen = await member.webhooks.listEndpoints();
    expect(seen).toMatchObject([
      { id: endpoint.id, description: "reporting", status: "active", lastAttempt: null },
    ]);
    expect(JSON.stringify(seen)).not.toContain(secret);
    expect(await member.webhooks.getEndpoint({ endpointId: endpoint.id })).toMatchObject({
      id: endpoint.id,
    });
    expect(await member.webhooks.listAttempts({ endpointId: endpoint.id })).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it("refuses a member every change, naming the workspace", async () => {
    const { admin, member, workspace } = await team();
    const { endpoint } = await admin.webhooks.createEndpoint({
      url: "https://93.184.216.34/x",
      eventTypes: [],
    });
    const { messageId } = await admin.webhooks.sendTestEvent({ endpointId: endpoint.id });
    const attempts = [
      member.webhooks.createEndpoint({ url: "https://93.184.216.34/y", eventTypes: [] }),
      member.webhooks.updateEndpoint({ endpointId: endpoint.id, enabled: false }),
      member.webhooks.deleteEndpoint({ endpointId: endpoint.id }),
      member.webhooks.rotateSecret({ endpointId: endpoint.id }),
      member.webhooks.sendTestEvent({ endpointId: endpoint.id }),
      member.webhooks.replayMessage({ messageId }),
    ];
    for (const attempt of attempts) {
      const refused = await caught(attempt);
      expect(refused.code).toBe("FORBIDDEN");
      expect(refused.message).toContain(`Only an admin of ${workspace.name}`);
    }
  });

  it("answers BAD_REQUEST, saying why, for a URL the SSRF rules refuse, and for a bad event type", async () => {
    const { admin } = await team();
    const privateUrl = await caught(
      admin.webhooks.createEndpoint({ url: "https://169.254.169.254/latest", eventTypes: [] }),
    );
    expect(privateUrl.code).toBe("BAD_REQUEST");
    expect(privateUrl.message).toMatch(/link-local address/);
    const http = await caught(
      admin.webhooks.createEndpoint({ url: "http://93.184.216.34/x", eventTypes: [] }),
    );
    expect(http.message).toMatch(/must use https/);
    const type = await caught(
      admin.webhooks.createEndpoint({
        url: "https://93.184.216.34/x",
        eventTypes: ["account.exploded" as "account.connected"],
      }),
    );
    expect(type.code).toBe("BAD_REQUEST");
    expect(type.message).toMatch(/eventTypes/);
  });

  it("disables and enables an endpoint, and rotates its secret with an overlap", async () => {
    const { admin } = await team();
    const { endpoint } = await admin.webhooks.createEndpoint({
      url: "https://93.184.216.34/z",
      eventTypes: [],
    });
    expect(
      await admin.webhooks.updateEndpoint({ endpointId: endpoint.id, enabled: false }),
    ).toMatchObject({ status: "disabled" });
    expect(
      await admin.webhooks.updateEndpoint({ endpointId: endpoint.id, enabled: true }),
    ).toMatchObject({ status: "active" });
    const { secret, previousSecretValidUntil } = await admin.webhooks.rotateSecret({
      endpointId: endpoint.id,
    });
    expect(secret).toMatch(/^whsec_/);
    expect(previousSecretValidUntil.getTime()).toBeGreaterThan(Date.now());
    expect(await admin.webhooks.getEndpoint({ endpointId: endpoint.id })).toMatchObject({
      previousSecretExpiresAt: previousSecretValidUntil,
    });
    expect(await admin.webhooks.deleteEndpoint({ endpointId: endpoint.id })).toEqual({
      deleted: true,
    });
    expect(await admin.webhooks.listEndpoints()).toEqual([]);
  });
});

describe("webhooks on the machine router", () => {
  it("manages the key's workspace's endpoints with webhooks:manage, which keys do not get unasked", async () => {
    const { member, workspace, adminActor } = await team();
    const plain = await createTestWorkspaceKey(t.db, workspace, adminActor);
    const refused = await caught(
      machineCallerFor(t.db, { apiKey: plain.key }, undefined, services).webhooks.listEndpoints(),
    );
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toContain('"webhooks:manage"');

    const manager = await createTestWorkspaceKey(t.db, workspace, adminActor, {
      permissions: ["webhooks:manage"],
    });
    const machine = machineCallerFor(t.db, { apiKey: manager.key }, undefined, services);
    const { endpoint } = await machine.webhooks.createEndpoint({
      url: "https://93.184.216.34/m",
      eventTypes: [],
    });
    expect(
      await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } }),
    ).toMatchObject({
      workspaceId: workspace.workspaceId,
      createdById: null,
    });
    expect((await member.webhooks.listEndpoints()).map((e) => e.id)).toEqual([endpoint.id]);
  });
});
