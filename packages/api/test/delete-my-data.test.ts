import { hashUserId } from "@adsconnect/accounts";
import type { Db } from "@adsconnect/db/client";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DashboardRouter } from "../src/dashboard";
import { DELETE_MY_DATA_CONFIRMATION, ERASED_SESSION_MESSAGE } from "../src/messages";
import {
  captureLogger,
  createActor,
  createTestAccount,
  createTestServices,
  sessionHeaders,
  startTestApi,
  type TestActor,
  type TestApi,
} from "../src/testing";
import { callerFor, caught, machineCallerFor, openDb } from "./support/callers";

const services = createTestServices();
const log = captureLogger();
let db: Db;
let api: TestApi;
beforeAll(async () => {
  db = openDb();
  api = await startTestApi({ db, logger: log.logger, services });
});
afterAll(async () => {
  await api.close();
  await db.$disconnect();
});

/** The dashboard's router over HTTP, as the web app's "Delete my data" dialog calls it. */
function dashboardOverHttp(who: TestActor) {
  return createTRPCClient<DashboardRouter>({
    links: [
      httpLink({
        url: api.dashboardUrl,
        transformer: superjson,
        headers: sessionHeaders(who.session),
      }),
    ],
  });
}

/** A person with everything this product keeps about someone: accounts, tokens, profiles,
 * a DSP advertiser, a pending connection, two API keys (one revoked) and audit events. */
async function personWithEverything(label: string) {
  const person = await createActor(db, label);
  const accountId = await createTestAccount(db, services.vault, person, {
    amazonName: `${label}'s Amazon`,
    withProfile: true,
  });
  await createTestAccount(db, services.vault, person, {
    status: "disconnected",
    expiresInSeconds: null,
  });
  const profile = await db.advertisingProfile.findFirstOrThrow({ where: { accountId } });
  await db.dspAdvertiser.create({
    data: {
      profileId: profile.id,
      advertiserId: "5550001",
      name: `${label}'s brand`,
      lastSyncedAt: new Date(),
    },
  });
  const caller = callerFor(db, person, undefined, services);
  await caller.accounts.startConnection({ region: "EU" });
  const { apiKey: second } = await caller.apiKeys.create({ name: `${label}'s second app` });
  await caller.apiKeys.revoke({ id: second.id });
  await db.auditEvent.create({
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
    await db.workspace.findMany({ where: { personalOwnerId: userId }, select: { id: true } })
  ).map((workspace) => workspace.id);
  const accounts = await db.amazonAccount.findMany({
    where: { workspaceId: { in: workspaceIds } },
    select: { id: true },
  });
  const ids = accounts.map((account) => account.id);
  return {
    users: await db.user.count({ where: { id: userId } }),
    accounts: accounts.length,
    profiles: await db.advertisingProfile.count({ where: { accountId: { in: ids } } }),
    advertisers: await db.dspAdvertiser.count({ where: { profile: { accountId: { in: ids } } } }),
    oauthStates: await db.oAuthState.count({
      where: { OR: [{ userId }, { workspaceId: { in: workspaceIds } }] },
    }),
    apiKeys: await db.apiKey.count({ where: { workspaceId: { in: workspaceIds } } }),
    auditEvents: await db.auditEvent.count({ where: { workspaceId: { in: workspaceIds } } }),
    workspaces: workspaceIds.length,
    memberships: await db.workspaceMembership.count({ where: { userId } }),
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

    const result = await dashboardOverHttp(person).me.deleteMyData.mutate({
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
    expect(await db.auditEvent.count({ where: { accountId } })).toBe(0);
    expect(await db.amazonAccount.count({ where: { id: accountId } })).toBe(0);

    const lines = await db.personErasure.findMany({
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
      dashboardOverHttp(person).me.deleteMyData.mutate({ confirmation: "yes" }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toContain(DELETE_MY_DATA_CONFIRMATION);
    expect(await rowsOf(person.userId)).toEqual(before);
  });

  it("erases only the caller: another person's data stays exactly as it was", async () => {
    const { person: a } = await personWithEverything("ann");
    const { person: b } = await personWithEverything("bob");
    const bBefore = await rowsOf(b.userId);
    await callerFor(db, a, undefined, services).me.deleteMyData({
      confirmation: DELETE_MY_DATA_CONFIRMATION,
    });
    expect(await rowsOf(a.userId)).toMatchObject({ users: 0, accounts: 0, apiKeys: 0 });
    expect(await rowsOf(b.userId)).toEqual(bBefore);
    await expect(
      machineCallerFor(db, { apiKey: b.apiKey }, undefined, services).me.whoami(),
    ).resolves.toMatchObject({
      workspace: { id: b.workspaceId },
    });
  });

  it("stops the person's API keys at once on the machine router", async () => {
    const { person } = await personWithEverything("kim");
    const machine = () => machineCallerFor(db, { apiKey: person.apiKey }, undefined, services);
    await expect(machine().me.whoami()).resolves.toMatchObject({
      workspace: { id: person.workspaceId },
    });
    await callerFor(db, person, undefined, services).me.deleteMyData({
      confirmation: DELETE_MY_DATA_CONFIRMATION,
    });
    expect(await caught(machine().me.whoami())).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("ends the session that asked: it cannot recreate the person; a session begun afterwards starts from an empty dashboard", async () => {
    const { person } = await personWithEverything("sam");
    const signedInAt = new Date(Date.now() - 60_000);
    const oldSession = { ...person.session, issuedAt: signedInAt };
    await callerFor(db, { session: oldSession }, undefined, services).me.deleteMyData({
      confirmation: DELETE_MY_DATA_CONFIRMATION,
    });

    // The same session (or any other begun before the erasure), on every procedure.
    for (const call of [
      (c: ReturnType<typeof callerFor>) => c.me.get(),
      (c: ReturnType<typeof callerFor>) => c.accounts.list(),
      (c: ReturnType<typeof callerFor>) => c.apiKeys.create({ name: "after" }),
    ]) {
      const refused = await caught(
        call(callerFor(db, { session: oldSession }, undefined, services)),
      );
      expect(refused).toEqual({ code: "UNAUTHORIZED", message: ERASED_SESSION_MESSAGE });
    }
    expect(await rowsOf(person.userId)).toMatchObject({ users: 0, apiKeys: 0 });

    // Signing in again: a new session, issued after the erasure.
    const fresh = { ...person.session, issuedAt: new Date(Date.now() + 1000) };
    const caller = callerFor(db, { session: fresh }, undefined, services);
    await expect(caller.me.get()).resolves.toMatchObject({
      id: person.userId,
      email: person.session.email,
    });
    expect(await caller.accounts.list()).toEqual([]);
    expect(await caller.apiKeys.list()).toEqual([]);
  });
});
