/**
 * Roles in a shared workspace, on the dashboard's router, and API keys bound to their creator on
 * the machine router. The isolation matrix covers another workspace's people and keys.
 */
import { notAMemberMessage } from "@adsconnect/workspaces";
import { describe, expect, it } from "vitest";

import {
  createActor,
  createTestAccount,
  createTestServices,
  createTestWorkspaceKey,
  removeTestMember,
  type TestActor,
  type TestWorkspace,
} from "../src/testing";
import { callerFor, caught, machineCallerFor } from "./support/callers";
import { danaAndMax } from "./support/team";
import { useTestDb } from "./support/test-api";

const services = createTestServices();
const t = useTestDb();

const team = () => danaAndMax(t.db);

const as = (who: TestActor, workspace: TestWorkspace) =>
  callerFor(
    t.db,
    { session: who.session, workspaceId: workspace.workspaceId },
    undefined,
    services,
  );
const withKey = (key: string) => machineCallerFor(t.db, { apiKey: key }, undefined, services);

describe("a member of a shared workspace", () => {
  it("sees the account an admin connected, who connected it, and who did what", async () => {
    const { admin, member, workspace } = await team();
    const accountId = await createTestAccount(
      t.db,
      services.vault,
      { userId: admin.userId, workspaceId: workspace.workspaceId },
      { withProfile: true },
    );
    await t.db.auditEvent.createMany({
      data: [
        {
          workspaceId: workspace.workspaceId,
          actorId: admin.userId,
          accountId,
          type: "account_connected",
        },
        { workspaceId: workspace.workspaceId, actorId: null, accountId, type: "token_refreshed" },
      ],
    });
    const caller = as(member, workspace);
    expect(await caller.accounts.list()).toEqual([
      expect.objectContaining({
        id: accountId,
        connectedBy: { name: "dana", email: admin.session.email },
      }),
    ]);
    expect(await caller.accounts.get({ accountId })).toMatchObject({
      connectedBy: { name: "dana" },
    });
    const { items } = await caller.activity.list({ accountId });
    expect(items.map((item) => [item.type, item.actor])).toEqual([
      ["token_refreshed", null],
      ["account_connected", { name: "dana", email: admin.session.email }],
    ]);
    // Their personal workspace is another workspace: the account is not there.
    expect(
      await callerFor(t.db, { session: member.session }, undefined, services).accounts.list(),
    ).toEqual([]);
  });

  it("may reconnect an account only when it needs it", async () => {
    const { admin, member, workspace } = await team();
    const owner = { userId: admin.userId, workspaceId: workspace.workspaceId };
    const working = await createTestAccount(t.db, services.vault, owner);
    const failing = await createTestAccount(t.db, services.vault, owner, {
      status: "reauth_required",
    });
    const caller = as(member, workspace);

    const refused = await caught(caller.accounts.startConnection({ accountId: working }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toContain(`Only an admin of ${workspace.name}`);
    const started = await caller.accounts.startConnection({ accountId: failing });
    expect(started.authorizationUrl).toContain("state=");
    expect(
      await t.db.oAuthState.findFirstOrThrow({
        where: { userId: member.userId, accountId: failing },
      }),
    ).toMatchObject({ workspaceId: workspace.workspaceId });
    // An admin may reconnect any of them.
    await expect(
      as(admin, workspace).accounts.startConnection({ accountId: working }),
    ).resolves.toBeDefined();
  });

  it.each([
    [
      "connect a new account",
      (c: ReturnType<typeof as>) => c.accounts.startConnection({}),
      "connect an Amazon account",
    ],
    [
      "disconnect",
      (c: ReturnType<typeof as>, accountId: string) => c.accounts.disconnect({ accountId }),
      "disconnect an Amazon account",
    ],
    [
      "create an API key",
      (c: ReturnType<typeof as>) => c.apiKeys.create({ name: "mine" }),
      "create API keys",
    ],
    [
      "revoke an API key",
      (c: ReturnType<typeof as>, _a: string, keyId: string) => c.apiKeys.revoke({ id: keyId }),
      "revoke API keys",
    ],
  ] as const)(
    "may not %s: FORBIDDEN naming the workspace, and nothing changes",
    async (_label, act, action) => {
      const { admin, member, workspace } = await team();
      const accountId = await createTestAccount(t.db, services.vault, {
        userId: admin.userId,
        workspaceId: workspace.workspaceId,
      });
      const { apiKeyId } = await createTestWorkspaceKey(t.db, workspace, admin);
      const refused = await caught(act(as(member, workspace), accountId, apiKeyId));
      expect(refused).toEqual({
        code: "FORBIDDEN",
        message: `Only an admin of ${workspace.name} can ${action}. Ask one of its admins to do it, or to make you an admin.`,
      });
      expect(
        (await t.db.amazonAccount.findUniqueOrThrow({ where: { id: accountId } })).status,
      ).toBe("active");
      expect(
        await t.db.apiKey.count({ where: { workspaceId: workspace.workspaceId, revokedAt: null } }),
      ).toBe(1);
    },
  );

  it("sees the workspace's API keys, with who created each", async () => {
    const { admin, member, workspace } = await team();
    const { apiKeyId } = await createTestWorkspaceKey(t.db, workspace, admin, {
      boundToCreator: true,
    });
    expect(await as(member, workspace).apiKeys.list()).toEqual([
      expect.objectContaining({
        id: apiKeyId,
        boundToCreator: true,
        createdBy: { name: "dana", email: admin.session.email },
      }),
    ]);
  });

  it("is refused at once once removed, on every workspace procedure", async () => {
    const { admin, member, workspace } = await team();
    await createTestAccount(t.db, services.vault, {
      userId: admin.userId,
      workspaceId: workspace.workspaceId,
    });
    expect(await as(member, workspace).accounts.list()).toHaveLength(1);
    await removeTestMember(t.db, workspace, member);
    // Each call is a new request, as the next click in the browser would be.
    for (const call of [
      () => as(member, workspace).accounts.list(),
      () => as(member, workspace).activity.list({}),
      () => as(member, workspace).apiKeys.list(),
      () => as(member, workspace).accounts.startConnection({}),
    ])
      expect(await caught(call())).toEqual({ code: "FORBIDDEN", message: notAMemberMessage() });
  });
});

describe("an API key of a shared workspace", () => {
  it("acts for the workspace: it reaches the workspace's accounts, whoever connected them", async () => {
    const { admin, member, workspace } = await team();
    const accountId = await createTestAccount(t.db, services.vault, {
      userId: member.userId,
      workspaceId: workspace.workspaceId,
    });
    const { key } = await createTestWorkspaceKey(t.db, workspace, admin);
    expect(await withKey(key).me.whoami()).toMatchObject({
      workspace: { id: workspace.workspaceId, name: workspace.name },
    });
    expect((await withKey(key).accounts.list({})).items.map((item) => item.id)).toEqual([
      accountId,
    ]);
    await expect(withKey(key).tokens.getAccessToken({ accountId })).resolves.toMatchObject({
      accessToken: `Atza|${accountId}`,
    });
  });

  it("bound to its creator, dies the moment the creator is removed; an unbound one keeps working", async () => {
    const { admin, workspace } = await team();
    const second = await createActor(t.db, "second-admin");
    await t.db.workspaceMembership.create({
      data: { workspaceId: workspace.workspaceId, userId: second.userId, role: "admin" },
    });
    const bound = await createTestWorkspaceKey(t.db, workspace, second, { boundToCreator: true });
    const unbound = await createTestWorkspaceKey(t.db, workspace, second);
    await expect(withKey(bound.key).me.whoami()).resolves.toBeDefined();

    await removeTestMember(t.db, workspace, second);
    expect(await caught(withKey(bound.key).me.whoami())).toMatchObject({ code: "UNAUTHORIZED" });
    await expect(withKey(unbound.key).me.whoami()).resolves.toMatchObject({
      workspace: { id: workspace.workspaceId },
    });
    // The admin who stays still sees both, and may revoke the one that still works.
    expect((await as(admin, workspace).apiKeys.list()).map((k) => k.id).sort()).toEqual(
      [bound.apiKeyId, unbound.apiKeyId].sort(),
    );
  });

  it("bound to its creator, dies when the creator is erased; the workspace's account stays, naming nobody", async () => {
    const { admin, member, workspace } = await team();
    await t.db.workspaceMembership.update({
      where: { workspaceId_userId: { workspaceId: workspace.workspaceId, userId: member.userId } },
      data: { role: "admin" },
    });
    const accountId = await createTestAccount(t.db, services.vault, {
      userId: member.userId,
      workspaceId: workspace.workspaceId,
    });
    const bound = await createTestWorkspaceKey(t.db, workspace, member, { boundToCreator: true });
    const unbound = await createTestWorkspaceKey(t.db, workspace, member);
    await callerFor(t.db, { session: member.session }, undefined, services).me.deleteMyData({
      confirmation: "delete my data",
    });
    expect(await caught(withKey(bound.key).me.whoami())).toMatchObject({ code: "UNAUTHORIZED" });
    await expect(withKey(unbound.key).me.whoami()).resolves.toBeDefined();
    expect(await as(admin, workspace).accounts.get({ accountId })).toMatchObject({
      id: accountId,
      connectedBy: null,
    });
  });
});

describe("a Clerk Organization in the session", () => {
  it("puts the person in that organization's workspace with the token's role", async () => {
    const admin = await createActor(t.db, "org-admin");
    const member = await createActor(t.db, "org-member");
    const organization = { id: `org_${admin.userId.slice(-12)}`, name: "Acme Ads", slug: null };
    const adminCaller = callerFor(
      t.db,
      { session: { ...admin.session, organization: { ...organization, role: "admin" } } },
      undefined,
      services,
    );
    const memberCaller = callerFor(
      t.db,
      { session: { ...member.session, organization: { ...organization, role: "member" } } },
      undefined,
      services,
    );
    const { apiKey } = await adminCaller.apiKeys.create({ name: "org app" });
    expect((await memberCaller.apiKeys.list()).map((key) => key.id)).toEqual([apiKey.id]);
    expect(await caught(memberCaller.apiKeys.create({ name: "nope" }))).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("Only an admin of Acme Ads") as string,
    });
  });
});
