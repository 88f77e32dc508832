// tokens.getAccessToken through the machine router, in-process and over HTTP: who may call it
// (API keys only: the dashboard has no such procedure), what it hands out, and how the
// hand-out's refusals map to tRPC codes. (The refresh itself, the lock and
// the single flight are tested in @adsconnect/tokens against the Amazon sandbox.)

import { describe, expect, it } from "vitest";

import { caught, machineCallerFor } from "../../../test/support/callers";
import { dashboardRouter } from "../../dashboard";
import {
  createActor,
  createTestAccount,
  createTestServices,
  sessionHeaders,
  type TestAccountOptions,
  type TestActor,
} from "../../testing";
import { machineOverHttp, useTestApi } from "../../../test/support/test-api";

// Amazon is port 9 here (nothing answers): a refresh fails as a network error.
const services = createTestServices();

const giveAccount = (owner: TestActor, options: TestAccountOptions = {}) =>
  createTestAccount(t.db, services.vault, owner, { consentRegion: "EU", ...options });

const t = useTestApi({ services });

const overHttp = (apiKey: string) => machineOverHttp(t.api, apiKey);

describe("tokens.getAccessToken", () => {
  it("hands an internal app (API key, over HTTP) the token, its expiry, the client id, region and Ads API URL", async () => {
    const owner = await createActor(t.db, "owner");
    const accountId = await giveAccount(owner);
    const grant = await overHttp(owner.apiKey).tokens.getAccessToken.query({ accountId });
    expect(grant).toEqual({
      accessToken: `Atza|${accountId}`,
      expiresAt: expect.any(Date),
      clientId: services.amazonClientId,
      region: "EU",
      adsApiUrl: services.amazon.endpoints("EU").adsApiUrl,
      regions: {
        na: { adsApiUrl: services.amazon.endpoints("NA").adsApiUrl },
        eu: { adsApiUrl: services.amazon.endpoints("EU").adsApiUrl },
        fe: { adsApiUrl: services.amazon.endpoints("FE").adsApiUrl },
      },
      profile: null,
    });
  });

  it("given a profileId, names its region, its Ads API URL and the scope header to send", async () => {
    const owner = await createActor(t.db, "owner");
    const accountId = await giveAccount(owner, { withProfile: true });
    const grant = await overHttp(owner.apiKey).tokens.getAccessToken.query({
      accountId,
      profileId: "4400000000000000999",
    });
    expect(grant.accessToken).toBe(`Atza|${accountId}`);
    expect(grant.profile).toEqual({
      profileId: "4400000000000000999",
      region: "NA",
      countryCode: "US",
      adsApiUrl: services.amazon.endpoints("NA").adsApiUrl,
      scopeHeader: { "Amazon-Advertising-API-Scope": "4400000000000000999" },
    });
  });

  it("answers NOT_FOUND, saying where to find the profiles, for a profile the account does not have", async () => {
    const owner = await createActor(t.db, "owner");
    const accountId = await giveAccount(owner, { withProfile: true });
    const error = await caught(
      overHttp(owner.apiKey).tokens.getAccessToken.query({ accountId, profileId: "123" }),
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe("No profile 123 on this account; list them with accounts.get.");
  });

  it("answers BAD_REQUEST naming the field for a profileId that is not digits", async () => {
    const owner = await createActor(t.db, "owner");
    const accountId = await giveAccount(owner, { withProfile: true });
    const error = await caught(
      overHttp(owner.apiKey).tokens.getAccessToken.query({ accountId, profileId: "1e5" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("profileId");
  });

  it("hands the same to an in-process machine caller", async () => {
    const owner = await createActor(t.db, "owner");
    const accountId = await giveAccount(owner);
    const grant = await machineCallerFor(
      t.db,
      { apiKey: owner.apiKey },
      undefined,
      services,
    ).tokens.getAccessToken({ accountId });
    expect(grant.accessToken).toBe(`Atza|${accountId}`);
  });

  it("is never a signed-in person's: the dashboard's router has no such procedure", async () => {
    const owner = await createActor(t.db, "owner");
    const accountId = await giveAccount(owner);
    expect(Object.keys(dashboardRouter._def.procedures)).not.toContain("tokens.getAccessToken");
    const input = encodeURIComponent(JSON.stringify({ json: { accountId } }));
    const response = await fetch(`${t.api.dashboardUrl}/tokens.getAccessToken?input=${input}`, {
      headers: sessionHeaders(owner.session),
    });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("Atza|");
  });

  it("refuses a session, even the owner's, with the API key message", async () => {
    const owner = await createActor(t.db, "owner");
    const accountId = await giveAccount(owner);
    const input = encodeURIComponent(JSON.stringify({ json: { accountId } }));
    const response = await fetch(`${t.api.machineUrl}/tokens.getAccessToken?input=${input}`, {
      headers: { ...sessionHeaders(owner.session), cookie: "__session=x" },
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("Send an active API key");
  });

  it.each(["reauth_required", "disconnected"] as const)(
    "answers PRECONDITION_FAILED for a %s account, telling the caller to have the owner reconnect",
    async (status) => {
      const owner = await createActor(t.db, "owner");
      const accountId = await giveAccount(owner, { status });
      const error = await caught(overHttp(owner.apiKey).tokens.getAccessToken.query({ accountId }));
      expect(error.code).toBe("PRECONDITION_FAILED");
      expect(error.message).toContain(accountId);
      expect(error.message).toMatch(/ask the (account's )?owner to (reconnect|connect it again)/);
    },
  );

  it("answers SERVICE_UNAVAILABLE when the token ran out and Amazon cannot be reached", async () => {
    const owner = await createActor(t.db, "owner");
    const accountId = await giveAccount(owner, { expiresInSeconds: -5 });
    const error = await caught(overHttp(owner.apiKey).tokens.getAccessToken.query({ accountId }));
    expect(error.code).toBe("SERVICE_UNAVAILABLE");
    expect(error.message).toMatch(/try again/);
    const stored = await t.db.amazonAccount.findUniqueOrThrow({ where: { id: accountId } });
    expect(stored).toMatchObject({
      status: "active",
      consecutiveFailures: 1,
      lastErrorCode: "network",
    });
    expect(stored.refreshTokenCiphertext).not.toBeNull();
  });

  it("answers BAD_REQUEST naming the field for an id that is not one", async () => {
    const owner = await createActor(t.db, "owner");
    const error = await caught(
      overHttp(owner.apiKey).tokens.getAccessToken.query({ accountId: "42" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("accountId");
  });
});
