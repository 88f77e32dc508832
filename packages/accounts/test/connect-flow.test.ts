import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { decryptAccessToken, decryptRefreshToken } from "@adsconnect/tokens/account-tokens";

import {
  completeConnection,
  disconnectAccount,
  getAccount,
  listAccounts,
  purgeDisconnectedAccounts,
  startConnection,
  AccountNotFoundError,
} from "../src/index";
import { ensurePersonalWorkspace } from "@adsconnect/workspaces";

import {
  auditEventsOf,
  connectThroughSandbox,
  consentAtAmazon,
  createPerson,
  personalWorkspace,
  startHarness,
  type Harness,
} from "./support/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

async function accountRows(userId: string) {
  return h.db.amazonAccount.findMany({ where: { workspace: { personalOwnerId: userId } } });
}

describe("connecting an Amazon account", () => {
  it("stores the grant encrypted and finds the seller's profiles in both of its regions", async () => {
    const userId = await createPerson(h.db, "seller-owner");
    const { outcome, amazonUser } = await connectThroughSandbox(h, { userId, kind: "seller" });
    expect(outcome).toMatchObject({ kind: "connected", reconnected: false });
    if (outcome.kind !== "connected") throw new Error("not connected");

    const [account] = await listAccounts(h.db, {
      workspaceId: await personalWorkspace(h.db, userId),
    });
    expect(account).toMatchObject({
      id: outcome.accountId,
      amazonUserId: amazonUser.userId,
      status: "active",
      consentRegion: "NA",
    });
    expect(account?.regions.sort()).toEqual(["EU", "NA"]);
    const expected = amazonUser.profiles
      .map((p) => `${p.region.toUpperCase()}:${p.profileId}`)
      .sort();
    expect(account?.profiles.map((p) => `${p.region}:${p.profileId}`).sort()).toEqual(expected);

    const row = await h.db.amazonAccount.findUniqueOrThrow({ where: { id: outcome.accountId } });
    expect(row.refreshTokenCiphertext).toMatch(/^gAAAAA/);
    const refreshToken = decryptRefreshToken(h.services.vault, row.id, row.refreshTokenCiphertext!);
    const accessToken = decryptAccessToken(h.services.vault, row.id, row.accessTokenCiphertext!);
    expect(refreshToken).toMatch(/^Atzr\|/);
    expect(accessToken).toMatch(/^Atza\|/);
    expect(row.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now());
    expect(row.consentedAt).toBeInstanceOf(Date);

    const events = await h.db.auditEvent.findMany({ where: { accountId: row.id } });
    expect(events.map((e) => e.type)).toEqual(["account_connected"]);
  });

  it("keeps 64-bit profile ids exact, digit for digit", async () => {
    const userId = await createPerson(h.db);
    const { outcome, amazonUser } = await connectThroughSandbox(h, {
      userId,
      kind: "vendor",
      region: "FE",
    });
    if (outcome.kind !== "connected") throw new Error("not connected");
    const profiles = await h.db.advertisingProfile.findMany({
      where: { accountId: outcome.accountId },
    });
    expect(profiles.map((p) => p.profileId.toString()).sort()).toEqual(
      amazonUser.profiles.map((p) => p.profileId).sort(),
    );
    expect(profiles.every((p) => p.profileId > BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
  });

  it("lists every DSP advertiser of an agency profile, across Amazon's pages", async () => {
    const userId = await createPerson(h.db);
    const { outcome, amazonUser } = await connectThroughSandbox(h, {
      userId,
      kind: "agency",
      region: "EU",
    });
    if (outcome.kind !== "connected") throw new Error("not connected");
    const account = await getAccount(h.db, {
      workspaceId: await personalWorkspace(h.db, userId),
      accountId: outcome.accountId,
    });
    for (const seeded of amazonUser.profiles) {
      const stored = account.profiles.find((p) => p.profileId === seeded.profileId);
      expect(stored?.dspAdvertisers.length).toBe(seeded.dspAdvertiserCount ?? 0);
    }
    expect(Math.max(...account.profiles.map((p) => p.dspAdvertisers.length))).toBeGreaterThan(200);
  });

  it("connects a user with no profiles at all", async () => {
    const userId = await createPerson(h.db);
    const { outcome } = await connectThroughSandbox(h, { userId, kind: "no-profiles" });
    expect(outcome).toMatchObject({ kind: "connected", profiles: 0 });
    const [account] = await listAccounts(h.db, {
      workspaceId: await personalWorkspace(h.db, userId),
    });
    expect(account?.profiles).toEqual([]);
  });

  it("reconnecting the same Amazon user updates that account, never a duplicate", async () => {
    const userId = await createPerson(h.db);
    const first = await connectThroughSandbox(h, { userId, kind: "seller" });
    if (first.outcome.kind !== "connected") throw new Error("not connected");
    const before = await h.db.amazonAccount.findUniqueOrThrow({
      where: { id: first.outcome.accountId },
    });
    await h.db.amazonAccount.update({
      where: { id: before.id },
      data: {
        status: "reauth_required",
        refreshTokenCiphertext: null,
        accessTokenCiphertext: null,
      },
    });

    const second = await connectThroughSandbox(h, { userId, kind: "seller", region: "EU" });
    expect(second.outcome).toMatchObject({
      kind: "connected",
      reconnected: true,
      accountId: before.id,
    });
    const rows = await accountRows(userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "active", consentRegion: "EU" });
    expect(rows[0]?.refreshTokenCiphertext).not.toBeNull();
    const profiles = await h.db.advertisingProfile.count({ where: { accountId: before.id } });
    expect(profiles).toBe(first.amazonUser.profiles.length);
    expect((await auditEventsOf(h.db, before.id)).map((e) => e.type)).toEqual([
      "account_connected",
      "account_reconnected",
    ]);
  });

  it("two callbacks for the same Amazon user racing end as one account whose tokens decrypt", async () => {
    const userId = await createPerson(h.db);
    const queries = await Promise.all(
      [0, 1].map(async () => (await consentAtAmazon(h, { userId, kind: "seller" })).query),
    );
    const outcomes = await Promise.all(
      queries.map((query) => completeConnection(h.services, { userId, query })),
    );
    expect(outcomes.map((o) => o.kind)).toEqual(["connected", "connected"]);
    const rows = await accountRows(userId);
    expect(rows).toHaveLength(1);
    expect(
      decryptRefreshToken(h.services.vault, rows[0]!.id, rows[0]!.refreshTokenCiphertext!),
    ).toMatch(/^Atzr\|/);
    const types = (await h.db.auditEvent.findMany({ where: { accountId: rows[0]!.id } }))
      .map((e) => e.type)
      .sort();
    expect(types).toEqual(["account_connected", "account_reconnected"]);
  });

  it("two people with two accounts each: the same Amazon user held by two people is two accounts", async () => {
    const alice = await createPerson(h.db, "alice");
    const bob = await createPerson(h.db, "bob");
    await connectThroughSandbox(h, { userId: alice, kind: "seller" });
    await connectThroughSandbox(h, { userId: alice, kind: "vendor" });
    await connectThroughSandbox(h, { userId: bob, kind: "seller" });
    await connectThroughSandbox(h, { userId: bob, kind: "agency" });

    const aliceAccounts = await listAccounts(h.db, {
      workspaceId: await personalWorkspace(h.db, alice),
    });
    const bobAccounts = await listAccounts(h.db, {
      workspaceId: await personalWorkspace(h.db, bob),
    });
    expect(aliceAccounts).toHaveLength(2);
    expect(bobAccounts).toHaveLength(2);
    const aliceSeller = aliceAccounts.find((a) => a.amazonName?.includes("Sam"));
    const bobSeller = bobAccounts.find((a) => a.amazonName?.includes("Sam"));
    expect(aliceSeller?.amazonUserId).toBe(bobSeller?.amazonUserId);
    expect(aliceSeller?.id).not.toBe(bobSeller?.id);
    await expect(
      getAccount(h.db, {
        workspaceId: await personalWorkspace(h.db, alice),
        accountId: bobSeller!.id,
      }),
    ).rejects.toBeInstanceOf(AccountNotFoundError);
  });

  it("never returns a token or ciphertext through the account listing", async () => {
    const userId = await createPerson(h.db);
    const { outcome } = await connectThroughSandbox(h, { userId, kind: "seller" });
    if (outcome.kind !== "connected") throw new Error("not connected");
    const listed = JSON.stringify(
      await listAccounts(h.db, { workspaceId: await personalWorkspace(h.db, userId) }),
      (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v),
    );
    const detail = JSON.stringify(
      await getAccount(h.db, {
        workspaceId: await personalWorkspace(h.db, userId),
        accountId: outcome.accountId,
      }),
    );
    for (const text of [listed, detail]) {
      expect(text).not.toMatch(/Atz[ar]\||gAAAAA|ciphertext/i);
    }
  });
});

describe("the callback refuses, and stores nothing", () => {
  async function nothingStoredFor(userId: string) {
    expect(await accountRows(userId)).toEqual([]);
    expect(await h.db.auditEvent.count({ where: { workspace: { personalOwnerId: userId } } })).toBe(
      0,
    );
  }

  it("shows a person who cancels at Amazon a cancellation, not a failure", async () => {
    const userId = await createPerson(h.db);
    const { outcome } = await connectThroughSandbox(h, {
      userId,
      kind: "seller",
      decision: "cancel",
    });
    expect(outcome).toEqual({ kind: "cancelled" });
    await nothingStoredFor(userId);
  });

  it("reports any other Amazon error with Amazon's code", async () => {
    const userId = await createPerson(h.db);
    const { authorizationUrl } = await startConnection(h.services, {
      userId,
      access: await ensurePersonalWorkspace(h.db, userId),
      region: "NA",
    });
    const state = new URL(authorizationUrl).searchParams.get("state")!;
    const outcome = await completeConnection(h.services, {
      userId,
      query: {
        state,
        error: "invalid_scope",
        error_description: "The app is not approved <script>",
      },
    });
    expect(outcome).toMatchObject({ kind: "failed", reason: "amazon_error" });
    if (outcome.kind === "failed") expect(outcome.message).not.toContain("<script>");
    await nothingStoredFor(userId);
  });

  it("refuses a missing, an unknown, and another person's state; the owner can still use theirs", async () => {
    const owner = await createPerson(h.db);
    const intruder = await createPerson(h.db);
    expect(
      await completeConnection(h.services, { userId: owner, query: { code: "x" } }),
    ).toMatchObject({ reason: "missing_state" });
    expect(
      await completeConnection(h.services, {
        userId: owner,
        query: { state: "made-up", code: "x" },
      }),
    ).toMatchObject({ reason: "unknown_state" });

    const { query } = await consentAtAmazon(h, { userId: owner, kind: "seller" });
    expect(await completeConnection(h.services, { userId: intruder, query })).toMatchObject({
      kind: "failed",
      reason: "unknown_state",
    });
    await nothingStoredFor(intruder);
    expect(await completeConnection(h.services, { userId: owner, query })).toMatchObject({
      kind: "connected",
    });
  });

  it("refuses a replayed state", async () => {
    const userId = await createPerson(h.db);
    const { outcome, query } = await connectThroughSandbox(h, { userId, kind: "vendor" });
    expect(outcome.kind).toBe("connected");
    const replay = await completeConnection(h.services, { userId, query });
    expect(replay).toMatchObject({ kind: "failed", reason: "used_state" });
    expect(await accountRows(userId)).toHaveLength(1);
  });

  it("refuses a state older than 10 minutes", async () => {
    const userId = await createPerson(h.db);
    const { authorizationUrl } = await startConnection(h.services, {
      userId,
      access: await ensurePersonalWorkspace(h.db, userId),
      region: "NA",
    });
    const state = new URL(authorizationUrl).searchParams.get("state")!;
    const later = { ...h.services, now: () => new Date(Date.now() + 10 * 60 * 1000 + 1000) };
    expect(
      await completeConnection(later, { userId, query: { state, code: "anything" } }),
    ).toMatchObject({ reason: "expired_state" });
    await nothingStoredFor(userId);
  });

  it("refuses a code Amazon rejects", async () => {
    const userId = await createPerson(h.db);
    const { redirect } = await consentAtAmazon(h, { userId, kind: "seller" });
    const outcome = await completeConnection(h.services, {
      userId,
      query: { state: redirect.state, code: `${redirect.code}tampered` },
    });
    expect(outcome).toMatchObject({ kind: "failed", reason: "code_rejected" });
    await nothingStoredFor(userId);
  });

  it("never retries a code exchange: Amazon failing once fails the connection, with one call made", async () => {
    const userId = await createPerson(h.db);
    const { query } = await consentAtAmazon(h, { userId, kind: "seller" });
    const before = (await h.sandbox.admin.counters()).token.authorization_code;
    await h.sandbox.admin.failTokenCalls({
      status: 503,
      count: 1,
      grantType: "authorization_code",
    });
    const outcome = await completeConnection(h.services, {
      userId,
      query,
    });
    expect(outcome).toMatchObject({ kind: "failed", reason: "amazon_unavailable" });
    expect((await h.sandbox.admin.counters()).token.authorization_code).toBe(before + 1);
    await nothingStoredFor(userId);
  });
});

describe("disconnecting", () => {
  it("erases the tokens, marks the account disconnected and keeps its history", async () => {
    const userId = await createPerson(h.db);
    const { outcome } = await connectThroughSandbox(h, { userId, kind: "seller" });
    if (outcome.kind !== "connected") throw new Error("not connected");
    await disconnectAccount(h.services, {
      workspaceId: await personalWorkspace(h.db, userId),
      actorId: userId,
      accountId: outcome.accountId,
    });
    const row = await h.db.amazonAccount.findUniqueOrThrow({ where: { id: outcome.accountId } });
    expect(row).toMatchObject({
      status: "disconnected",
      refreshTokenCiphertext: null,
      accessTokenCiphertext: null,
      accessTokenExpiresAt: null,
    });
    expect((await auditEventsOf(h.db, row.id)).map((e) => e.type)).toEqual([
      "account_connected",
      "account_disconnected",
    ]);
  });

  it("stamps when it was disconnected; reconnecting clears it, so the purge never takes a reconnected account", async () => {
    const userId = await createPerson(h.db);
    const { outcome } = await connectThroughSandbox(h, { userId, kind: "seller" });
    if (outcome.kind !== "connected") throw new Error("not connected");
    const longAgo = new Date(Date.now() - 90 * 24 * 60 * 60 * 1000);
    await disconnectAccount(
      { ...h.services, now: () => longAgo },
      {
        workspaceId: await personalWorkspace(h.db, userId),
        actorId: userId,
        accountId: outcome.accountId,
      },
    );
    expect(
      (await h.db.amazonAccount.findUniqueOrThrow({ where: { id: outcome.accountId } }))
        .disconnectedAt,
    ).toEqual(longAgo);

    const again = await connectThroughSandbox(h, { userId, kind: "seller" });
    expect(again.outcome).toMatchObject({ kind: "connected", accountId: outcome.accountId });
    expect(
      await h.db.amazonAccount.findUniqueOrThrow({ where: { id: outcome.accountId } }),
    ).toMatchObject({ status: "active", disconnectedAt: null });
    // A 30-day purge would have taken it, had it kept the stamp from 90 days ago.
    await purgeDisconnectedAccounts(h.db, {
      cutoff: new Date(Date.now() - 30 * 24 * 60 * 60 * 1000),
    });
    expect(await h.db.amazonAccount.count({ where: { id: outcome.accountId } })).toBe(1);
  });

  it("cannot disconnect another workspace's account", async () => {
    const owner = await createPerson(h.db);
    const other = await createPerson(h.db);
    const { outcome } = await connectThroughSandbox(h, { userId: owner, kind: "vendor" });
    if (outcome.kind !== "connected") throw new Error("not connected");
    await expect(
      disconnectAccount(h.services, {
        workspaceId: await personalWorkspace(h.db, other),
        actorId: other,
        accountId: outcome.accountId,
      }),
    ).rejects.toBeInstanceOf(AccountNotFoundError);
    expect(
      (await h.db.amazonAccount.findUniqueOrThrow({ where: { id: outcome.accountId } })).status,
    ).toBe("active");
  });
});

describe("secrets", () => {
  it("no plaintext token anywhere in the database, and none in the logs", async () => {
    const userId = await createPerson(h.db);
    await connectThroughSandbox(h, { userId, kind: "agency" });
    const dump = await h.db.$queryRawUnsafe<{ row: string }[]>(
      `SELECT row_to_json(t)::text AS row FROM (
         SELECT * FROM amazon_accounts) t
       UNION ALL SELECT row_to_json(o)::text FROM oauth_states o
       UNION ALL SELECT row_to_json(a)::text FROM audit_events a`,
    );
    const text = dump.map((d) => d.row).join("\n");
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/Atz[ar]\|/);
    expect(h.logLines.join("")).not.toMatch(/Atz[ar]\||client_secret|code_verifier/);
  });
});
