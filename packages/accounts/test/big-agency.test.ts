import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CONNECTION_FAILURE_MESSAGES } from "../src/messages";
import { completeConnection, syncAccountProfiles } from "../src/index";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";

import {
  connectAmazonUser,
  consentAtAmazon,
  createPerson,
  startHarness,
  type Harness,
} from "./support/harness";
import { slowDatabase } from "./support/slow-postgres";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const INT64_MAX = (1n << 63n) - 1n;

/** The generated agency's label (its id's nonce): every profile's accountInfo.id contains it. */
const labelOf = (amazonUserId: string) => amazonUserId.slice(-8);

/**
 * A Postgres fault for one generated agency only: any insert or update of its profiles raises,
 * the way a full disk, a constraint or a killed statement would, after the code was exchanged.
 */
async function failSavesOf(amazonUserId: string) {
  const name = `fail_saves_${labelOf(amazonUserId).toLowerCase()}`;
  await h.db.$executeRawUnsafe(`
    CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'injected save failure'; END $$`);
  await h.db.$executeRawUnsafe(`
    CREATE TRIGGER ${name} BEFORE INSERT OR UPDATE ON advertising_profiles FOR EACH ROW
    WHEN (NEW.account_info_id LIKE '%GEN${labelOf(amazonUserId)}%') EXECUTE FUNCTION ${name}()`);
  return async () => {
    await h.db.$executeRawUnsafe(`DROP TRIGGER ${name} ON advertising_profiles`);
    await h.db.$executeRawUnsafe(`DROP FUNCTION ${name}()`);
  };
}

/** Discovery and save times of the last connection, from its log line. */
function timings() {
  const line = h.logLines.findLast((l) => l.includes("amazon account connected"));
  const { discoveryMs, saveMs } = JSON.parse(line ?? "{}") as Record<string, number>;
  return { discoveryMs, saveMs };
}

async function snapshot(userId: string) {
  const accounts = await h.db.amazonAccount.findMany({
    where: { workspace: { personalOwnerId: userId } },
    orderBy: { id: "asc" },
  });
  const ids = accounts.map((a) => a.id);
  return {
    accounts,
    profiles: await h.db.advertisingProfile.findMany({
      where: { accountId: { in: ids } },
      orderBy: { profileId: "asc" },
    }),
    advertisers: await h.db.dspAdvertiser.count({ where: { profile: { accountId: { in: ids } } } }),
    audit: await h.db.auditEvent.findMany({
      where: { workspace: { personalOwnerId: userId } },
      orderBy: { createdAt: "asc" },
    }),
  };
}

/** The database the callbacks under measure use: a relay that counts their round trips. */
let counted: Awaited<ReturnType<typeof slowDatabase>>;
beforeAll(async () => {
  counted = await slowDatabase(testDatabaseUrl(), 0);
});
afterAll(() => counted?.close());

/**
 * A person's connection of `amazonUserId`, the callback alone over `db`: its Postgres round trips
 * and its requests to Amazon's hosts (from the sandbox's request log) are counted.
 */
async function connectCounting(
  db: typeof counted,
  { userId, amazonUserId }: { userId: string; amazonUserId: string },
) {
  const { query } = await consentAtAmazon(h, { userId, amazonUserId });
  await h.sandbox.admin.clearRequests();
  db.resetRoundTrips();
  const outcome = await completeConnection({ ...h.services, db: db.db }, { userId, query });
  return { outcome, roundTrips: db.roundTrips(), amazon: await amazonRequests() };
}

/** Every request to Amazon's hosts since the log was cleared (the log keeps the last 1,000). */
async function amazonRequests() {
  const requests = await h.sandbox.admin.requests(1000);
  expect(requests.length).toBeLessThan(1000);
  return {
    total: requests.length,
    profileListings: requests.filter((r) => r.endpoint === "profiles").length,
    advertiserListings: requests.filter((r) => r.endpoint === "dspAdvertisers").length,
  };
}

/** The worker's daily re-sync of an account over `db`, with its round trips counted. */
async function resyncCounting(db: typeof counted, accountId: string) {
  const row = await h.db.amazonAccount.findUniqueOrThrow({ where: { id: accountId } });
  const { decryptAccessToken } = await import("@adsconnect/tokens/account-tokens");
  db.resetRoundTrips();
  const synced = await syncAccountProfiles(
    { ...h.services, db: db.db },
    {
      accountId,
      workspaceId: row.workspaceId,
      accessToken: decryptAccessToken(h.services.vault, accountId, row.accessTokenCiphertext!),
    },
  );
  return { synced, roundTrips: db.roundTrips() };
}

/**
 * A small agency's first connect, reconnect and re-sync over `db`: the round trips a set-based
 * save makes whatever the size, to hold the big agency's against.
 */
async function smallAgencyRoundTrips(db: typeof counted, label: string) {
  const agency = await h.sandbox.admin.createGeneratedAgency({ profiles: 20, advertisers: 50 });
  const userId = await createPerson(h.db, label);
  const first = await connectCounting(db, { userId, amazonUserId: agency.userId });
  expect(first.outcome).toMatchObject({ kind: "connected", profiles: 20, advertisers: 50 });
  if (first.outcome.kind !== "connected") throw new Error("not connected");
  const again = await connectCounting(db, { userId, amazonUserId: agency.userId });
  expect(again.outcome).toMatchObject({ kind: "connected", reconnected: true });
  const resync = await resyncCounting(db, first.outcome.accountId);
  expect(resync.synced).toMatchObject({ profiles: 20, advertisers: 50 });
  return { first: first.roundTrips, again: again.roundTrips, resync: resync.roundTrips };
}

/**
 * Amazon is asked once per region for profiles and once per DSP entity for its advertisers (200
 * here: one in ten profiles), never per advertiser, and the rest of the callback (the code
 * exchange, the user) is a fixed handful of calls.
 */
function expectBoundedAmazonCalls(amazon: Awaited<ReturnType<typeof amazonRequests>>) {
  expect(amazon.profileListings).toBe(3);
  expect(amazon.advertiserListings).toBe(200);
  expect(amazon.total).toBeLessThanOrEqual(3 + 200 + 5);
}

describe("a big agency connects", () => {
  // Speed itself is bench/connect's to measure (timings vary with the machine); what keeps it
  // fast is guarded here, deterministically: the Postgres round trips of a callback do not grow
  // with the rows saved (2,000 profiles, 5,000 advertisers cost what 20 and 50 cost), and Amazon
  // is asked a bounded number of times.
  it("2,000 profiles and 5,000 DSP advertisers connect, reconnect and re-sync in as many database round trips as a small agency", async () => {
    const small = await smallAgencyRoundTrips(counted, "small-agency");
    const agency = await h.sandbox.admin.createGeneratedAgency({
      profiles: 2000,
      advertisers: 5000,
    });
    const userId = await createPerson(h.db, "big-agency");
    const first = await connectCounting(counted, { userId, amazonUserId: agency.userId });
    console.info("big agency: first connect", { roundTrips: first.roundTrips, ...timings() });
    expect(first.outcome).toMatchObject({
      kind: "connected",
      reconnected: false,
      profiles: 2000,
      advertisers: 5000,
    });
    expect(first.roundTrips).toBe(small.first);
    expectBoundedAmazonCalls(first.amazon);
    if (first.outcome.kind !== "connected") throw new Error("not connected");
    const accountId = first.outcome.accountId;
    expect(await h.db.advertisingProfile.count({ where: { accountId } })).toBe(2000);
    expect(await h.db.dspAdvertiser.count({ where: { profile: { accountId } } })).toBe(5000);
    const stored = await h.db.advertisingProfile.findMany({
      where: { accountId },
      select: { profileId: true, region: true },
    });
    expect(stored.map((p) => p.profileId.toString()).sort()).toEqual(
      agency.profiles.map((p) => p.profileId).sort(),
    );
    expect(new Set(stored.map((p) => p.region))).toEqual(new Set(["NA", "EU", "FE"]));

    const again = await connectCounting(counted, { userId, amazonUserId: agency.userId });
    console.info("big agency: reconnect", { roundTrips: again.roundTrips, ...timings() });
    expect(again.outcome).toMatchObject({ kind: "connected", reconnected: true, accountId });
    expect(again.roundTrips).toBe(small.again);
    expectBoundedAmazonCalls(again.amazon);

    // The worker's daily re-sync goes through the same save.
    const resync = await resyncCounting(counted, accountId);
    console.info("big agency: re-sync", { roundTrips: resync.roundTrips });
    expect(resync.synced).toMatchObject({ profiles: 2000, advertisers: 5000 });
    expect(resync.roundTrips).toBe(small.resync);
    expect(await h.db.advertisingProfile.count({ where: { accountId } })).toBe(2000);
    expect(await h.db.dspAdvertiser.count({ where: { profile: { accountId } } })).toBe(5000);
  }, 60_000);

  it("over a slow link (every round trip to Postgres 4 ms longer) it still takes as many round trips as a small agency", async () => {
    const slow = await slowDatabase(testDatabaseUrl(), 2);
    try {
      const small = await smallAgencyRoundTrips(slow, "small-agency-slow-db");
      const agency = await h.sandbox.admin.createGeneratedAgency({
        profiles: 2000,
        advertisers: 5000,
      });
      const userId = await createPerson(h.db, "big-agency-slow-db");
      const { outcome, roundTrips, amazon } = await connectCounting(slow, {
        userId,
        amazonUserId: agency.userId,
      });
      console.info("big agency over a slow link", { roundTrips, ...timings() });
      expect(outcome).toMatchObject({ kind: "connected", profiles: 2000, advertisers: 5000 });
      expect(roundTrips).toBe(small.first);
      expectBoundedAmazonCalls(amazon);
    } finally {
      await slow.close();
    }
  }, 60_000);

  it("a profile id above 2^63-1 is skipped with a logged warning; the rest connect", async () => {
    const agency = await h.sandbox.admin.createGeneratedAgency({
      profiles: 6,
      advertisers: 4,
      agencyProfiles: 2,
      oversizedProfileIds: 1,
    });
    const oversized = agency.profiles.find((p) => BigInt(p.profileId) > INT64_MAX)!;
    expect(oversized).toBeDefined();
    const userId = await createPerson(h.db, "oversized");
    const { outcome } = await connectAmazonUser(h, { userId, amazonUserId: agency.userId });
    expect(outcome).toMatchObject({ kind: "connected", profiles: 6, advertisers: 4 });
    if (outcome.kind !== "connected") throw new Error("not connected");
    const stored = await h.db.advertisingProfile.findMany({
      where: { accountId: outcome.accountId },
    });
    expect(stored.map((p) => p.profileId.toString()).sort()).toEqual(
      agency.profiles
        .filter((p) => p !== oversized)
        .map((p) => p.profileId)
        .sort(),
    );
    const warning = h.logLines.find((line) => line.includes(oversized.profileId));
    expect(warning).toBeDefined();
    expect(JSON.parse(warning!)).toMatchObject({ level: 40, profileId: oversized.profileId });
  });
});

describe("saving fails after the code is spent", () => {
  it("a first connection: a clear message, and no account, profile or audit event is left", async () => {
    const agency = await h.sandbox.admin.createGeneratedAgency({ profiles: 30, advertisers: 60 });
    const userId = await createPerson(h.db, "save-fails");
    const restore = await failSavesOf(agency.userId);
    try {
      const { outcome, query } = await connectAmazonUser(h, {
        userId,
        amazonUserId: agency.userId,
      });
      expect(outcome).toMatchObject({ kind: "failed", reason: "save_failed" });
      if (outcome.kind !== "failed") throw new Error("did not fail");
      expect(outcome.message).toBe(CONNECTION_FAILURE_MESSAGES.save_failed);
      expect(outcome.message).toMatch(/nothing was saved/i);
      expect(outcome.message).toMatch(/connect .*again/i);
      expect(outcome.message).not.toMatch(/injected|Atz[ar]\|/);
      const after = await snapshot(userId);
      expect(after.accounts).toEqual([]);
      expect(after.audit).toEqual([]);
      expect(
        await h.db.advertisingProfile.count({
          where: { accountInfoId: { contains: `GEN${labelOf(agency.userId)}` } },
        }),
      ).toBe(0);
      // The code is spent: the state stays consumed, so a replay is refused.
      expect(await completeConnection(h.services, { userId, query })).toMatchObject({
        reason: "used_state",
      });
    } finally {
      await restore();
    }
    // Connecting again once the fault is gone works.
    const retry = await connectAmazonUser(h, { userId, amazonUserId: agency.userId });
    expect(retry.outcome).toMatchObject({ kind: "connected", reconnected: false, profiles: 30 });
  });

  it("a reconnect: the previous account, tokens, profiles and advertisers stay exactly as they were", async () => {
    const agency = await h.sandbox.admin.createGeneratedAgency({ profiles: 30, advertisers: 60 });
    const userId = await createPerson(h.db, "reconnect-fails");
    const first = await connectAmazonUser(h, { userId, amazonUserId: agency.userId });
    expect(first.outcome).toMatchObject({ kind: "connected" });
    const before = await snapshot(userId);
    expect(before.profiles).toHaveLength(30);
    expect(before.advertisers).toBe(60);

    const restore = await failSavesOf(agency.userId);
    try {
      const { outcome } = await connectAmazonUser(h, { userId, amazonUserId: agency.userId });
      expect(outcome).toMatchObject({ kind: "failed", reason: "save_failed" });
    } finally {
      await restore();
    }
    expect(await snapshot(userId)).toEqual(before);
    // The rolled-back reconnect left no webhook event: only the first connection's.
    const events = await h.db.webhookEvent.findMany({
      where: { workspace: { personalOwnerId: userId } },
    });
    expect(events.map((e) => e.type)).toEqual(["account.connected"]);
    expect(h.logLines.join("")).not.toMatch(/Atz[ar]\|/);
  });
});
