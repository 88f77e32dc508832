import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { AdsConnectError } from "@adsconnect/errors";
import type { WorkspaceAccess } from "@adsconnect/workspaces";

import type { Services } from "@adsconnect/services";

import {
  completeConnection,
  disconnectAccount,
  listAccounts,
  startConnection,
  type ConnectionOutcome,
} from "../src/index";
import {
  auditEventsOf,
  connectThroughSandbox,
  consentAtAmazon,
  createPerson,
  startHarness,
  type Harness,
} from "./support/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

/** A shared workspace with an admin and a member, and each one's access to it. */
async function sharedWorkspace() {
  const admin = await createPerson(h.db, "ws-admin");
  const member = await createPerson(h.db, "ws-member");
  const workspace = await h.db.workspace.create({
    data: {
      kind: "local",
      name: `Acme ${admin.slice(-6)}`,
      memberships: {
        create: [
          { userId: admin, role: "admin" },
          { userId: member, role: "member" },
        ],
      },
    },
  });
  const access = (role: WorkspaceAccess["role"]): WorkspaceAccess => ({
    workspaceId: workspace.id,
    kind: "local",
    name: workspace.name,
    role,
  });
  return { workspace, admin, member, adminAccess: access("admin"), memberAccess: access("member") };
}

type SharedWorkspace = Awaited<ReturnType<typeof sharedWorkspace>>;

/** An account the admin connected; then set to `status` when given (one a member may reconnect). */
async function connectedByAdmin(
  ws: SharedWorkspace,
  status?: "reauth_required" | "refresh_failing",
) {
  const { outcome } = await connectThroughSandbox(h, {
    userId: ws.admin,
    kind: "seller",
    access: ws.adminAccess,
  });
  if (outcome.kind !== "connected") throw new Error("not connected");
  if (status)
    await h.db.amazonAccount.update({ where: { id: outcome.accountId }, data: { status } });
  return outcome.accountId;
}

/** The member starts reconnecting `accountId` and consents at Amazon: the callback's query. */
async function memberAtAmazon(ws: SharedWorkspace, accountId: string) {
  const { query } = await consentAtAmazon(h, {
    userId: ws.member,
    kind: "seller",
    access: ws.memberAccess,
    accountId,
  });
  return query;
}

/**
 * The harness's services, whose Amazon runs `meanwhile` once it has answered who its user is:
 * while the callback talks to Amazon, after its first check and before it saves.
 */
function whileAtAmazon(meanwhile: () => Promise<unknown>): Services {
  const amazon = h.services.amazon;
  return {
    ...h.services,
    amazon: {
      ...amazon,
      getUser: async (input) => {
        const user = await amazon.getUser(input);
        await meanwhile();
        return user;
      },
    },
  };
}

/**
 * The callback refused because the account was disconnected while its starter was at Amazon,
 * and the account stays as the disconnect left it: no tokens, connected by the admin who
 * disconnected it, the disconnect its last activity.
 */
async function expectRefusedAndStillDisconnected(
  outcome: ConnectionOutcome,
  accountId: string,
  disconnectedBy: string,
) {
  expect(outcome).toMatchObject({ kind: "failed", reason: "account_changed" });
  if (outcome.kind === "failed") expect(outcome.message).toContain("disconnected or removed");
  expect(await h.db.amazonAccount.findUniqueOrThrow({ where: { id: accountId } })).toMatchObject({
    status: "disconnected",
    refreshTokenCiphertext: null,
    accessTokenCiphertext: null,
    connectedById: disconnectedBy,
  });
  expect((await auditEventsOf(h.db, accountId)).at(-1)).toMatchObject({
    type: "account_disconnected",
    actorId: disconnectedBy,
  });
}

describe("a shared workspace", () => {
  it("a member sees the admin's account, with who connected it", async () => {
    const ws = await sharedWorkspace();
    const accountId = await connectedByAdmin(ws);
    const [account] = await listAccounts(h.db, { workspaceId: ws.workspace.id });
    expect(account).toMatchObject({
      id: accountId,
      connectedBy: { name: "ws-admin", email: `${ws.admin}@example.com` },
    });
  });

  it("a member may not connect a new account: FORBIDDEN naming the workspace", async () => {
    const ws = await sharedWorkspace();
    const error = await startConnection(h.services, {
      userId: ws.member,
      access: ws.memberAccess,
      region: "NA",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdsConnectError);
    expect(error).toMatchObject({ kind: "forbidden" });
    expect((error as Error).message).toContain(`Only an admin of ${ws.workspace.name}`);
  });

  it("a member reconnects an account only when it needs it, and becomes who connected it", async () => {
    const ws = await sharedWorkspace();
    const accountId = await connectedByAdmin(ws);
    await expect(
      startConnection(h.services, {
        userId: ws.member,
        access: ws.memberAccess,
        region: "NA",
        accountId,
      }),
    ).rejects.toMatchObject({ kind: "forbidden" });

    await h.db.amazonAccount.update({
      where: { id: accountId },
      data: { status: "reauth_required", refreshTokenCiphertext: null },
    });
    const { outcome } = await connectThroughSandbox(h, {
      userId: ws.member,
      kind: "seller",
      access: ws.memberAccess,
      accountId,
    });
    expect(outcome).toMatchObject({ kind: "connected", reconnected: true, accountId });
    expect(await h.db.amazonAccount.findUniqueOrThrow({ where: { id: accountId } })).toMatchObject({
      status: "active",
      connectedById: ws.member,
      workspaceId: ws.workspace.id,
    });
    expect((await auditEventsOf(h.db, accountId)).at(-1)).toMatchObject({
      type: "account_reconnected",
      actorId: ws.member,
    });
  });

  it("the callback refuses a member's reconnect when Amazon's user is not the account's; nothing changes", async () => {
    const ws = await sharedWorkspace();
    const accountId = await connectedByAdmin(ws, "refresh_failing");
    const before = await h.db.amazonAccount.findUniqueOrThrow({ where: { id: accountId } });

    const { outcome } = await connectThroughSandbox(h, {
      userId: ws.member,
      kind: "vendor",
      access: ws.memberAccess,
      accountId,
    });
    expect(outcome).toMatchObject({ kind: "failed", reason: "wrong_amazon_user" });
    if (outcome.kind === "failed") expect(outcome.message).toContain("different user");
    expect(await h.db.amazonAccount.findUniqueOrThrow({ where: { id: accountId } })).toEqual(
      before,
    );
    expect(await h.db.amazonAccount.count({ where: { workspaceId: ws.workspace.id } })).toBe(1);
  });

  it("a member removed after starting a reconnection cannot complete it", async () => {
    const ws = await sharedWorkspace();
    const accountId = await connectedByAdmin(ws, "reauth_required");
    const query = await memberAtAmazon(ws, accountId);
    await h.db.workspaceMembership.update({
      where: { workspaceId_userId: { workspaceId: ws.workspace.id, userId: ws.member } },
      data: { removedAt: new Date() },
    });
    const outcome = await completeConnection(h.services, {
      userId: ws.member,
      query,
    });
    expect(outcome).toMatchObject({ kind: "failed", reason: "not_allowed" });
    expect((await h.db.amazonAccount.findUniqueOrThrow({ where: { id: accountId } })).status).toBe(
      "reauth_required",
    );
  });

  it("an admin disconnects between a member's start and the callback: the member's reconnect fails and the account stays disconnected", async () => {
    const ws = await sharedWorkspace();
    const accountId = await connectedByAdmin(ws, "reauth_required");
    const query = await memberAtAmazon(ws, accountId);
    // The admin disconnects while the callback talks to Amazon: after its first check, before the save.
    const disconnectingMidway = whileAtAmazon(() =>
      disconnectAccount(h.services, { workspaceId: ws.workspace.id, actorId: ws.admin, accountId }),
    );

    const outcome = await completeConnection(disconnectingMidway, {
      userId: ws.member,
      query,
    });

    await expectRefusedAndStillDisconnected(outcome, accountId, ws.admin);
  });

  it("an admin disconnects while another admin's new connection signs in as the account's Amazon user: it fails and the account stays disconnected", async () => {
    const ws = await sharedWorkspace();
    const accountId = await connectedByAdmin(ws);
    const secondAdmin = await createPerson(h.db, "ws-admin-b");
    await h.db.workspaceMembership.create({
      data: { workspaceId: ws.workspace.id, userId: secondAdmin, role: "admin" },
    });
    // A new connection (no account named): signing in as the same Amazon user lands on that
    // account's row, so the disconnect made meanwhile must be judged as a reconnection's is.
    const { query } = await consentAtAmazon(h, {
      userId: secondAdmin,
      kind: "seller",
      access: ws.adminAccess,
    });
    const disconnectingMidway = whileAtAmazon(() =>
      disconnectAccount(h.services, { workspaceId: ws.workspace.id, actorId: ws.admin, accountId }),
    );

    const outcome = await completeConnection(disconnectingMidway, {
      userId: secondAdmin,
      query,
    });

    await expectRefusedAndStillDisconnected(outcome, accountId, ws.admin);
    expect(await h.db.amazonAccount.count({ where: { workspaceId: ws.workspace.id } })).toBe(1);
  });

  it("an admin still reconnects an account that was already disconnected when they started", async () => {
    const ws = await sharedWorkspace();
    const accountId = await connectedByAdmin(ws);
    await disconnectAccount(h.services, {
      workspaceId: ws.workspace.id,
      actorId: ws.admin,
      accountId,
    });
    const { outcome } = await connectThroughSandbox(h, {
      userId: ws.admin,
      kind: "seller",
      access: ws.adminAccess,
      accountId,
    });
    expect(outcome).toMatchObject({ kind: "connected", reconnected: true, accountId });
    expect((await h.db.amazonAccount.findUniqueOrThrow({ where: { id: accountId } })).status).toBe(
      "active",
    );
  });

  it("an admin demoted while at Amazon cannot complete a new connection; nothing is saved", async () => {
    const ws = await sharedWorkspace();
    const { query } = await consentAtAmazon(h, {
      userId: ws.admin,
      kind: "seller",
      access: ws.adminAccess,
    });
    const demotingMidway = whileAtAmazon(() =>
      h.db.workspaceMembership.update({
        where: { workspaceId_userId: { workspaceId: ws.workspace.id, userId: ws.admin } },
        data: { role: "member" },
      }),
    );

    const outcome = await completeConnection(demotingMidway, {
      userId: ws.admin,
      query,
    });

    expect(outcome).toMatchObject({ kind: "failed", reason: "not_allowed" });
    expect(await h.db.amazonAccount.count({ where: { workspaceId: ws.workspace.id } })).toBe(0);
  });

  it("another workspace's account is not found when reconnecting, never forbidden", async () => {
    const ws = await sharedWorkspace();
    const other = await sharedWorkspace();
    const accountId = await connectedByAdmin(other);
    await expect(
      startConnection(h.services, {
        userId: ws.admin,
        access: ws.adminAccess,
        region: "NA",
        accountId,
      }),
    ).rejects.toMatchObject({ kind: "not_found" });
  });
});
