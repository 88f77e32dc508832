// getAccessToken's cache over real HTTP: the machine router on node:http, hand-out requests
// counted at the server.
import { createActor, createTestAccount, type TestActor } from "@adsconnect/api/testing";
import { createDb, type Db } from "@adsconnect/db/client";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GrantCache, expiryMs } from "../src/grant-cache";
import { createAdsConnectClient, TRPCClientError, type MachineRouter } from "../src/index";
import { startCountingApi, type CountingApi } from "./support/counting-api";

let db: Db;
let api: CountingApi;
let owner: TestActor;
beforeAll(async () => {
  db = createDb(testDatabaseUrl(), { max: 4 });
  api = await startCountingApi(db);
  owner = await createActor(db, "cache");
});
afterAll(async () => {
  await api.close();
  await db.$disconnect();
});

const giveAccount = (options: Parameters<typeof createTestAccount>[3] = {}) =>
  createTestAccount(db, api.vault, owner, options);

/** Counts the hand-out requests the server receives while `run` runs. */
async function handOutsDuring(run: () => Promise<unknown>): Promise<number> {
  const before = api.handOutRequests();
  await run();
  return api.handOutRequests() - before;
}

describe("adsconnect.getAccessToken", () => {
  it("makes one request for 1,000 concurrent calls for one account, and hands each the grant", async () => {
    const accountId = await giveAccount();
    const adsconnect = createAdsConnectClient({ url: api.origin, apiKey: owner.apiKey });
    let grants: unknown[] = [];
    const requests = await handOutsDuring(async () => {
      grants = await Promise.all(
        Array.from({ length: 1000 }, () => adsconnect.getAccessToken(accountId)),
      );
    });
    expect(requests).toBe(1);
    expect(new Set(grants).size).toBe(1);
    expect(grants[0]).toMatchObject({
      accessToken: `Atza|${accountId}`,
      expiresAt: expect.any(Date),
      region: "NA",
    });
  });

  it("answers from the cache while the grant is valid, with no new request", async () => {
    const accountId = await giveAccount();
    const adsconnect = createAdsConnectClient({ url: api.origin, apiKey: owner.apiKey });
    const first = await adsconnect.getAccessToken(accountId);
    const requests = await handOutsDuring(async () => {
      for (let i = 0; i < 100; i += 1)
        expect(await adsconnect.getAccessToken(accountId)).toBe(first);
    });
    expect(requests).toBe(0);
  });

  it("asks again once the clock reaches 60 s before expiresAt, not before", async () => {
    const accountId = await giveAccount({ expiresInSeconds: 1800 });
    let offsetMs = 0;
    const adsconnect = createAdsConnectClient({
      url: api.origin,
      apiKey: owner.apiKey,
      now: () => Date.now() + offsetMs,
    });
    const { expiresAt } = await adsconnect.getAccessToken(accountId);
    const toDeadline = expiresAt.getTime() - 60_000 - Date.now();

    offsetMs = toDeadline - 5_000;
    expect(await handOutsDuring(() => adsconnect.getAccessToken(accountId))).toBe(0);
    offsetMs = toDeadline + 1;
    expect(await handOutsDuring(() => adsconnect.getAccessToken(accountId))).toBe(1);
    // The new grant is cached in turn (on this clock it is within its margin, so it is not).
    expect(await handOutsDuring(() => adsconnect.getAccessToken(accountId))).toBe(1);
    offsetMs = 0;
    expect(await handOutsDuring(() => adsconnect.getAccessToken(accountId))).toBe(1);
    expect(await handOutsDuring(() => adsconnect.getAccessToken(accountId))).toBe(0);
  });

  it("never caches a failure: concurrent callers share it, the next call asks again", async () => {
    const accountId = await giveAccount({ status: "reauth_required" });
    const adsconnect = createAdsConnectClient({ url: api.origin, apiKey: owner.apiKey });

    let errors: unknown[] = [];
    expect(
      await handOutsDuring(async () => {
        errors = await Promise.all(
          Array.from({ length: 5 }, () =>
            adsconnect.getAccessToken(accountId).catch((error: unknown) => error),
          ),
        );
      }),
    ).toBe(1);
    for (const error of errors) {
      expect(error).toBeInstanceOf(TRPCClientError);
      expect((error as TRPCClientError<MachineRouter>).data?.code).toBe("PRECONDITION_FAILED");
    }
    expect(await handOutsDuring(() => adsconnect.getAccessToken(accountId).catch(() => null))).toBe(
      1,
    );

    await db.amazonAccount.update({ where: { id: accountId }, data: { status: "active" } });
    expect(await handOutsDuring(() => adsconnect.getAccessToken(accountId))).toBe(1);
    expect(await handOutsDuring(() => adsconnect.getAccessToken(accountId))).toBe(0);
  });

  it("asks again after forgetAccessToken, and keeps nothing from a request forgotten in flight", async () => {
    const accountId = await giveAccount();
    const adsconnect = createAdsConnectClient({ url: api.origin, apiKey: owner.apiKey });
    await adsconnect.getAccessToken(accountId);
    adsconnect.forgetAccessToken(accountId);
    expect(await handOutsDuring(() => adsconnect.getAccessToken(accountId))).toBe(1);

    adsconnect.forgetAccessToken(accountId);
    const requests = await handOutsDuring(async () => {
      const inFlight = adsconnect.getAccessToken(accountId);
      adsconnect.forgetAccessToken(accountId);
      await inFlight;
      await adsconnect.getAccessToken(accountId);
      await adsconnect.getAccessToken(accountId);
    });
    expect(requests).toBe(2);
  });

  it("keeps one grant per account: 10 accounts, 100 calls each, at most 10 requests", async () => {
    const accounts = await Promise.all(Array.from({ length: 10 }, () => giveAccount()));
    const adsconnect = createAdsConnectClient({ url: api.origin, apiKey: owner.apiKey });
    let grants: { accessToken: string }[] = [];
    const requests = await handOutsDuring(async () => {
      grants = await Promise.all(
        Array.from({ length: 1000 }, (_, i) => adsconnect.getAccessToken(accounts[i % 10]!)),
      );
    });
    expect(requests).toBeGreaterThanOrEqual(1);
    expect(requests).toBeLessThanOrEqual(10);
    grants.forEach((grant, i) => expect(grant.accessToken).toBe(`Atza|${accounts[i % 10]}`));
  });

  it("keeps the typed procedures, uncached, on the client and under .trpc", async () => {
    const accountId = await giveAccount();
    const adsconnect = createAdsConnectClient({ url: api.origin, apiKey: owner.apiKey });
    await expect(adsconnect.trpc.me.whoami.query()).resolves.toMatchObject({
      workspace: { id: owner.workspaceId },
    });
    const requests = await handOutsDuring(async () => {
      await adsconnect.tokens.getAccessToken.query({ accountId });
      await adsconnect.trpc.tokens.getAccessToken.query({ accountId });
    });
    expect(requests).toBe(2);
    expect(await handOutsDuring(() => adsconnect.getAccessToken(accountId))).toBe(1);
  });
});

describe("GrantCache", () => {
  it("reads expiresAt as a Date, an ISO string or epoch seconds/ms; anything else is never cached", () => {
    const at = new Date("2030-01-01T00:00:00.000Z");
    expect(expiryMs(at)).toBe(at.getTime());
    expect(expiryMs(at.toISOString())).toBe(at.getTime());
    expect(expiryMs(at.getTime() / 1000)).toBe(at.getTime());
    expect(expiryMs(at.getTime())).toBe(at.getTime());
    expect(expiryMs(undefined)).toBeNaN();
  });

  it("caches a grant whose expiresAt is an ISO string, and not one already inside the margin", async () => {
    let now = 0;
    const cache = new GrantCache<{ expiresAt: string }>({ marginMs: 60_000, now: () => now });
    let loads = 0;
    const load = (expiresAt: string) => () => {
      loads += 1;
      return Promise.resolve({ expiresAt });
    };
    await cache.get("a", "{}", load(new Date(120_000).toISOString()));
    await cache.get("a", "{}", load(new Date(120_000).toISOString()));
    expect(loads).toBe(1);
    now = 60_000;
    await cache.get("a", "{}", load(new Date(100_000).toISOString()));
    await cache.get("a", "{}", load(new Date(100_000).toISOString()));
    expect(loads).toBe(3);
  });
});
