import { hashUserId } from "@adsconnect/accounts";
import { describe, expect, it } from "vitest";

import { DELETE_MY_DATA_CONFIRMATION, ERASED_SESSION_MESSAGE } from "../src/messages";
import { captureLogger, createActor, createTestAccount, createTestServices } from "../src/testing";
import { callerFor, caught, machineCallerFor } from "./support/callers";
import { dashboardOverHttp, useTestApi } from "./support/test-api";

const services = createTestServices();
const log = captureLogger();
const t = useTestApi({ services, logger: log.logger });

/** A person with everything this product keeps about someone: accounts, tokens, profiles,
 * a DSP advertiser, a pending connection, two API keys (one revoked) and audit events. */
async function personWithEverything(label: string) {
  const person = await createActor(t.db, label);
  const accountId = await createTestAccount(t.db, services.vault, person, {
    amazonName: `${label}'s Amazon`,
    withProfile: true,
  });
  await createTestAccount(t.db, services.vault, person, {
    status: "disconnected",
    expiresInSeconds: null,
  });
  const profile = await t.db.advertisingProfile.findFirstOrThrow({ where: { accountId } });
  await t.db.dspAdvertiser.create({
    data: {
      profileId: profile.id,
      advertiserId: "5550001",
      name: `${label}'s brand`,
      lastSyncedAt: new Date(),
    },
  });
  const caller = callerFor(t.db, person, undefined, services);
  await caller.accounts.startConnection({ region: "EU" });
  const { apiKey: second } = await caller.apiKeys.create({ name: `${label}'s second app` });
  await caller.apiKeys.revoke({ id: second.id });
  await t.db.auditEvent.create({
    data: {
      workspaceId: person.workspaceId,
      accountId,
      type: "token_refresh_failed",
      details: { message: `${label}'s grant` },
    },
  });
  return { person, accountId };
}

/** Every row that holds something of `userId`, by table: their personal workspace's and theirs. */
async function rowsOf(userId: string) {
  const workspaceIds = (
    await t.db.workspace.findMany({ where: { personalOwnerId: userId }, select: { id: true } })
  ).map((workspace) => workspace.id);
  const accounts = await t.db.amazonAccount.findMany({
    where: { workspaceId: { in: workspaceIds } },
    select: { id: true },
  });
  const ids = accounts.map((account) => account.id);
  return {
    users: await t.db.user.count({ where: { id: userId } }),
    accounts: accounts.length,
    profiles: await t.db.advertisingProfile.count({ where: { accountId: { in: ids } } }),
    advertisers: await t.db.dspAdvertiser.count({ where: { profile: { accountId: { in: ids } } } }),
    oauthStates: await t.db.oAuthState.count({
      where: { OR: [{ userId }, { workspaceId: { in: workspaceIds } }] },
    }),
    apiKeys: await t.db.apiKey.count({ where: { workspaceId: { in: workspaceIds } } }),
    auditEvents: await t.db.auditEvent.count({ where: { workspaceId: { in: workspaceIds } } }),
    workspaces: workspaceIds.length,
    memberships: await t.db.workspaceMembership.count({ where: { userId } }),
  };
}

describe("me.deleteMyData", () => {
  it("erases the signed-in person's accounts and tokens, profiles, advertisers, pending connections, API keys, audit events and users row, keeping one line with no personal data", async () => {
    const { person, accountId } = await personWithEverything("erin");
    const before = await rowsOf(person.userId);
    expect(before).toMatchObject({
      users: 1,
      accounts: 2,
      profiles: 1,
      advertisers: 1,
      oauthStates: 1,
      apiKeys: 2,
    });
    expect(before.auditEvents).toBeGreaterThanOrEqual(3);

    const result = await dashboardOverHttp(t.api, person.session).me.deleteMyData.mutate({
      confirmation: DELETE_MY_DATA_CONFIRMATION,
    });

    expect(result.counts).toEqual({ ...before });
    expect(await rowsOf(person.userId)).toEqual({
      users: 0,
      accounts: 0,
      profiles: 0,
      advertisers: 0,
      oauthStates: 0,
      apiKeys: 0,
      auditEvents: 0,
      workspaces: 0,
      memberships: 0,
    });
    // Nothing refers to the account any more, whoever's row it might be.
    expect(await t.db.auditEvent.count({ where: { accountId } })).toBe(0);
    expect(await t.db.amazonAccount.count({ where: { id: accountId } })).toBe(0);

    const lines = await t.db.personErasure.findMany({
      where: { userIdHash: hashUserId(person.userId) },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ source: "dashboard", counts: { ...before } });
    const kept = JSON.stringify(lines[0]);
    for (const personal of [
      person.userId,
      person.session.email,
      "erin",
      person.apiKey.slice(0, 12),
    ])
      expect(kept).not.toContain(personal);
    // The log says what was erased, not whose.
    const logged = JSON.stringify(log.entries());
    expect(logged).toContain("person erased");
    expect(logged).not.toContain(person.userId);
    expect(logged).not.toContain(person.session.email);
  });

  it("refuses a call without the typed confirmation, and erases nothing", async () => {
    const { person } = await personWithEverything("nora");
    const before = await rowsOf(person.userId);
    const refused = await caught(
      dashboardOverHttp(t.api, person.session).me.deleteMyData.mutate({ confirmation: "yes" }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toContain(DELETE_MY_DATA_CONFIRMATION);
    expect(await rowsOf(person.userId)).toEqual(before);
  });

  it("erases only the caller: another person's data stays exactly as it was", async () => {
    const { person: a } = await personWithEverything("ann");
    const { person: b } = await personWithEverything("bob");
    const bBefore = await rowsOf(b.userId);
    await callerFor(t.db, a, undefined, services).me.deleteMyData({
      confirmation: DELETE_MY_DATA_CONFIRMATION,
    });
    expect(await rowsOf(a.userId)).toMatchObject({ users: 0, accounts: 0, apiKeys: 0 });
    expect(await rowsOf(b.userId)).toEqual(bBefore);
    await expect(
      machineCallerFor(t.db, { apiKey: b.apiKey }, undefined, services).me.whoami(),
    ).resolves.toMatchObject({
      workspace: { id: b.workspaceId },
    });
  });

  it("stops the person's API keys at once on the machine router", async () => {
    const { person } = await personWithEverything("kim");
    const machine = () => machineCallerFor(t.db, { apiKey: person.apiKey }, undefined, services);
    await expect(machine().me.whoami()).resolves.toMatchObject({
      workspace: { id: person.workspaceId },
    });
    await callerFor(t.db, person, undefined, services).me.deleteMyData({
      confirmation: DELETE_MY_DATA_CONFIRMATION,
    });
    expect(await caught(machine().me.whoami())).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("ends the session that asked: it cannot recreate the person; a session begun afterwards starts from an empty dashboard", async () => {
    const { person } = await personWithEverything("sam");
    const signedInAt = new Date(Date.now() - 60_000);
    const oldSession = { ...person.session, issuedAt: signedInAt };
    await callerFor(t.db, { session: oldSession }, undefined, services).me.deleteMyData({
      confirmation: DELETE_MY_DATA_CONFIRMATION,
    });

    // The same session (or any other begun before the erasure), on every procedure.
    for (const call of [
      (c: ReturnType<typeof callerFor>) => c.me.get(),
      (c: ReturnType<typeof callerFor>) => c.accounts.list(),
      (c: ReturnType<typeof callerFor>) => c.apiKeys.create({ name: "after" }),
    ]) {
      const refused = await caught(
        call(callerFor(t.db, { session: oldSession }, undefined, services)),
      );
      expect(refused).toEqual({ code: "UNAUTHORIZED", message: ERASED_SESSION_MESSAGE });
    }
    expect(await rowsOf(person.userId)).toMatchObject({ users: 0, apiKeys: 0 });

    // Signing in again: a new session, issued after the erasure.
    const fresh = { ...person.session, issuedAt: new Date(Date.now() + 1000) };
    const caller = callerFor(t.db, { session: fresh }, undefined, services);
    await expect(caller.me.get()).resolves.toMatchObject({
      id: person.userId,
      email: person.session.email,
    });
    expect(await caller.accounts.list()).toEqual([]);
    expect(await caller.apiKeys.list()).toEqual([]);
  });
});
