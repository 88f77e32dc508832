// The machine router's accounts.* (API keys): what an internal app reads of its key owner's
// accounts — the same as the dashboard shows, paged where lists are long, never a token.

import superjson from "superjson";
import { describe, expect, it } from "vitest";

import { caught } from "../../../test/support/callers";
import { createActor, createTestAccount, createTestServices, type TestActor } from "../../testing";
import { machineOverHttp, useTestApi } from "../../../test/support/test-api";

const services = createTestServices();

const t = useTestApi({ services });

const overHttp = (apiKey: string) => machineOverHttp(t.api, apiKey);

const DAY_MS = 86_400_000;

/** An agency account: an NA DSP profile with `advertisers` advertisers and an EU seller profile. */
async function giveAgency(owner: TestActor, advertisers: number) {
  const accountId = await createTestAccount(t.db, services.vault, owner, {
    amazonName: "Ada Agency",
  });
  await t.db.amazonAccount.update({
    where: { id: accountId },
    data: { amazonEmail: "ada@example.test", consentedAt: new Date(Date.now() - 40 * DAY_MS) },
  });
  const common = {
    accountId,
    currencyCode: "USD",
    timezone: "America/Los_Angeles",
    marketplaceStringId: "ATVPDKIKX0DER",
    lastSyncedAt: new Date(),
  };
  const agency = await t.db.advertisingProfile.create({
    data: {
      ...common,
      profileId: 9007199254740993n, // 2^53 + 1: not a JS number
      region: "NA",
      countryCode: "US",
      accountInfoType: "agency",
      accountInfoId: "ENTITY-ADA",
      accountInfoName: "Ada Agency",
    },
  });
  await t.db.advertisingProfile.create({
    data: {
      ...common,
      profileId: 3300000000000000001n,
      region: "EU",
      countryCode: "DE",
      currencyCode: "EUR",
      accountInfoType: "seller",
      accountInfoId: "A-DE",
    },
  });
  await t.db.dspAdvertiser.createMany({
    data: Array.from({ length: advertisers }, (_, i) => ({
      profileId: agency.id,
      advertiserId: String(5000 + i),
      name: `Advertiser ${String(i).padStart(3, "0")}`,
      lastSyncedAt: new Date(),
    })),
  });
  return accountId;
}

describe("accounts.get", () => {
  it("shows status, the Amazon user, consent age and dates, and profiles by region; never a token", async () => {
    const owner = await createActor(t.db, "owner");
    const accountId = await giveAgency(owner, 3);
    const account = await overHttp(owner.apiKey).accounts.get.query({ accountId });
    expect(account).toMatchObject({
      id: accountId,
      status: "active",
      amazonUser: { name: "Ada Agency", email: "ada@example.test" },
      consentRegion: "NA",
      consentedAt: expect.any(Date),
      consentAgeDays: 40,
      regions: ["NA", "EU"],
    });
    expect(account.profilesByRegion.NA).toEqual([
      expect.objectContaining({
        profileId: "9007199254740993",
        countryCode: "US",
        accountInfoType: "agency",
        accountInfoName: "Ada Agency",
        advertiserCount: 3,
      }),
    ]);
    expect(account.profilesByRegion.EU).toEqual([
      expect.objectContaining({ profileId: "3300000000000000001", countryCode: "DE" }),
    ]);
    expect(account.profilesByRegion.FE).toEqual([]);
    const serialized = superjson.stringify(account);
    expect(serialized).not.toContain("Atza|");
    expect(serialized).not.toContain("Atzr|");
    expect(serialized).not.toMatch(/ciphertext/i);
  });

  it("answers NOT_FOUND for an account that is not the key owner's", async () => {
    const owner = await createActor(t.db, "owner");
    const other = await createActor(t.db, "other");
    const accountId = await giveAgency(owner, 0);
    const error = await caught(overHttp(other.apiKey).accounts.get.query({ accountId }));
    expect(error.code).toBe("NOT_FOUND");
  });
});

describe("accounts.list", () => {
  it("pages through every account with a cursor, limit at most 100", async () => {
    const owner = await createActor(t.db, "owner");
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await createTestAccount(t.db, services.vault, owner));
    const client = overHttp(owner.apiKey);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.accounts.list.query({ limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((account) => account.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(ids.sort());
    expect((await client.accounts.list.query()).items).toHaveLength(5);
    const tooMany = await caught(client.accounts.list.query({ limit: 101 }));
    expect(tooMany.code).toBe("BAD_REQUEST");
    expect(tooMany.message).toContain("limit");
  });
});

describe("accounts.advertisers", () => {
  it("pages through an agency's 237 advertisers, each with its profile", async () => {
    const owner = await createActor(t.db, "owner");
    const accountId = await giveAgency(owner, 237);
    const client = overHttp(owner.apiKey);
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await client.accounts.advertisers.query({ accountId, limit: 100, cursor });
      for (const advertiser of page.items) {
        expect(advertiser).toMatchObject({ profileId: "9007199254740993", region: "NA" });
        seen.add(advertiser.advertiserId);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.size).toBe(237);
    const eu = await client.accounts.advertisers.query({
      accountId,
      profileId: "3300000000000000001",
    });
    expect(eu).toEqual({ items: [], nextCursor: null });
  });
});
