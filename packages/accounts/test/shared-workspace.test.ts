import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { AdsConnectError } from "@adsconnect/errors";
import { driveConsent } from "@adsconnect/test-sandbox";
import type { WorkspaceAccess } from "@adsconnect/workspaces";

import { completeConnection, listAccounts, startConnection } from "../src/index";
import { connectThroughSandbox, createPerson, startHarness, type Harness } from "./support/harness";

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

async function connectedByAdmin(ws: Awaited<ReturnType<typeof sharedWorkspace>>) {
  const { outcome } = await connectThroughSandbox(h, {
    userId: ws.admin,
    kind: "seller",
    access: ws.adminAccess,
  });
  if (outcome.kind !== "connected") throw new Error("not connected");
  return outcome.accountId;
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
    const last = await h.db.auditEvent.findFirstOrThrow({
      where: { accountId },
      orderBy: { id: "desc" },
    });
    expect(last).toMatchObject({ type: "account_reconnected", actorId: ws.member });
  });

  it("the callback refuses a member's reconnect when Amazon's user is not the account's; nothing changes", async () => {
    const ws = await sharedWorkspace();
    const accountId = await connectedByAdmin(ws);
    await h.db.amazonAccount.update({
      where: { id: accountId },
      data: { status: "refresh_failing" },
    });
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
    const accountId = await connectedByAdmin(ws);
    await h.db.amazonAccount.update({
      where: { id: accountId },
      data: { status: "reauth_required" },
    });
    const seller = await h.sandbox.admin.user("seller");
    const { authorizationUrl } = await startConnection(h.services, {
      userId: ws.member,
      access: ws.memberAccess,
      region: "NA",
      accountId,
    });
    const redirect = await driveConsent(authorizationUrl, { userId: seller.userId });
    await h.db.workspaceMembership.update({
      where: { workspaceId_userId: { workspaceId: ws.workspace.id, userId: ws.member } },
      data: { removedAt: new Date() },
    });
    const outcome = await completeConnection(h.services, {
      userId: ws.member,
      query: Object.fromEntries(redirect.url.searchParams),
    });
    expect(outcome).toMatchObject({ kind: "failed", reason: "not_allowed" });
    expect((await h.db.amazonAccount.findUniqueOrThrow({ where: { id: accountId } })).status).toBe(
      "reauth_required",
    );
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
