import { driveConsent, type SandboxProcess, type SeededUser } from "@adsconnect/test-sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AMAZON_REGIONS, AMAZON_SCOPE, createPkcePair, type AmazonRegion } from "../src/index";
import { clientFor, REDIRECT_URI, startSandbox } from "./support/sandbox";

let sandbox: SandboxProcess;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.stop();
});
beforeEach(async () => {
  await sandbox.admin.reset();
});

/** Consent for one seeded user through the client's own authorization URL, then the exchange. */
async function connect(user: SeededUser, region: AmazonRegion) {
  const { client } = clientFor(sandbox);
  const pkce = createPkcePair();
  const state = `state-${region}-${user.kind}`;
  const authorizeUrl = client.buildAuthorizationUrl({
    region,
    state,
    codeChallenge: pkce.codeChallenge,
  });
  const redirect = await driveConsent(authorizeUrl, { userId: user.userId });
  expect(redirect.error).toBeUndefined();
  expect(redirect.state).toBe(state);
  const before = Date.now();
  const tokens = await client.exchangeCode({
    region,
    code: redirect.code!,
    codeVerifier: pkce.codeVerifier,
  });
  return { client, tokens, before, redirect };
}

function expectedIds(user: SeededUser, region: AmazonRegion): string[] {
  return user.profiles
    .filter((p) => p.region === region.toLowerCase())
    .map((p) => p.profileId)
    .sort();
}

describe("connecting an Amazon account end to end", () => {
  it("sends the browser to the region's consent page with PKCE S256 and our scope", () => {
    const { client } = clientFor(sandbox);
    const url = new URL(
      client.buildAuthorizationUrl({ region: "FE", state: "st", codeChallenge: "challenge" }),
    );
    expect(url.origin + url.pathname).toBe(`${sandbox.baseUrl("fe")}/ap/oa`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: sandbox.clientId,
      scope: AMAZON_SCOPE,
      response_type: "code",
      redirect_uri: REDIRECT_URI,
      state: "st",
      code_challenge: "challenge",
      code_challenge_method: "S256",
    });
  });

  it("consent in EU → code exchange → the Amazon user → profiles from every region's host, ids exact → refresh", async () => {
    const seller = await sandbox.admin.user("seller");
    const { client, tokens, before, redirect } = await connect(seller, "EU");

    expect(tokens.accessToken).not.toBe("");
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3600_000);
    expect(tokens.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);
    // The scope comes back on the redirect; the token answer may or may not repeat it.
    expect(redirect.scope?.split(" ")).toContain("advertising::campaign_management");

    expect(await client.getUser({ accessToken: tokens.accessToken })).toEqual({
      userId: seller.userId,
      name: seller.name,
      email: seller.email,
    });

    // The seller has profiles in NA and EU; each host answers with its own region's only.
    for (const region of AMAZON_REGIONS) {
      const profiles = await client.listProfiles({ accessToken: tokens.accessToken, region });
      expect(profiles.map((p) => p.profileId).sort()).toEqual(expectedIds(seller, region));
      expect(profiles.every((p) => p.region === region)).toBe(true);
    }
    expect(expectedIds(seller, "NA")).toHaveLength(2);
    expect(expectedIds(seller, "EU")).toHaveLength(2);
    expect(expectedIds(seller, "FE")).toHaveLength(0);
    expect(await sandbox.admin.counters()).toMatchObject({
      token: { authorization_code: 1 },
      profiles: { na: 1, eu: 1, fe: 1 },
      userProfile: 1,
    });

    const eu = await client.listProfiles({ accessToken: tokens.accessToken, region: "EU" });
    const uk = eu.find((p) => p.countryCode === "UK")!;
    expect(uk).toMatchObject({
      region: "EU",
      currencyCode: "GBP",
      accountInfo: { type: "seller" },
    });
    expect(uk.marketplaceStringId).not.toBe("");
    expect(uk.timezone).not.toBe("");
    // The seeded DE profile has no valid payment method.
    expect(eu.find((p) => p.countryCode === "DE")!.accountInfo.validPaymentMethod).toBe(false);

    const refreshed = await client.refreshAccessToken({
      region: "EU",
      refreshToken: tokens.refreshToken!,
    });
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    const again = await client.listProfiles({ accessToken: refreshed.accessToken, region: "NA" });
    expect(again.map((p) => p.profileId).sort()).toEqual(expectedIds(seller, "NA"));
  });

  it("keeps every int64 profile id digit for digit, where JSON.parse would round them", async () => {
    const users = await sandbox.admin.users();
    for (const user of users.filter((u) => u.profiles.length > 0)) {
      const { client, tokens } = await connect(user, "NA");
      for (const region of AMAZON_REGIONS) {
        const ids = (await client.listProfiles({ accessToken: tokens.accessToken, region })).map(
          (p) => p.profileId,
        );
        expect(ids.sort()).toEqual(expectedIds(user, region));
        for (const id of ids) {
          expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
          expect(String(Number(id))).not.toBe(id);
        }
      }
    }
  });

  it("finds a vendor's Far East profile on the FE host only", async () => {
    const vendor = await sandbox.admin.user("vendor");
    const { client, tokens } = await connect(vendor, "FE");
    const fe = await client.listProfiles({ accessToken: tokens.accessToken, region: "FE" });
    expect(fe).toEqual([
      expect.objectContaining({
        profileId: expectedIds(vendor, "FE")[0],
        region: "FE",
        countryCode: "JP",
        accountInfo: expect.objectContaining({ type: "vendor" }),
      }),
    ]);
    expect(await client.listProfiles({ accessToken: tokens.accessToken, region: "EU" })).toEqual(
      [],
    );
  });

  it("lists all 237 DSP advertisers of the agency profile across three pages of 100", async () => {
    const agency = await sandbox.admin.user("agency");
    const { client, tokens } = await connect(agency, "NA");
    const [na] = await client.listProfiles({ accessToken: tokens.accessToken, region: "NA" });
    expect(na!.accountInfo.type).toBe("agency");
    const seeded = agency.profiles.find((p) => p.profileId === na!.profileId)!;
    expect(seeded.dspAdvertiserCount).toBe(237);

    await sandbox.admin.reset();
    const advertisers = await client.listDspAdvertisers({
      accessToken: tokens.accessToken,
      region: "NA",
      profileId: na!.profileId,
    });
    expect(advertisers).toHaveLength(237);
    expect(new Set(advertisers.map((a) => a.advertiserId)).size).toBe(237);
    for (const a of advertisers) {
      expect(a.advertiserId).toMatch(/^\d+$/);
      expect(a.name).not.toBe("");
    }
    expect((await sandbox.admin.counters()).dspAdvertisers).toBe(3);
  });

  it("lists the 3 advertisers of the agency's EU DSP entity with one call to the EU host", async () => {
    const agency = await sandbox.admin.user("agency");
    const { client, tokens } = await connect(agency, "EU");
    const [eu] = await client.listProfiles({ accessToken: tokens.accessToken, region: "EU" });
    await sandbox.admin.reset();
    const advertisers = await client.listDspAdvertisers({
      accessToken: tokens.accessToken,
      region: "EU",
      profileId: eu!.profileId,
    });
    expect(advertisers).toHaveLength(3);
    expect((await sandbox.admin.counters()).dspAdvertisers).toBe(1);
  });

  it("says who connected with only a user id when the grant has profile:user_id (name and email null)", async () => {
    const seller = await sandbox.admin.user("seller");
    const [grant] = await sandbox.admin.mintGrants({
      userId: seller.userId,
      scope: "advertising::campaign_management profile:user_id",
    });
    const { client } = clientFor(sandbox);
    const { accessToken } = await client.refreshAccessToken({
      region: "NA",
      refreshToken: grant!.refreshToken,
    });
    expect(await client.getUser({ accessToken })).toEqual({
      userId: seller.userId,
      name: null,
      email: null,
    });
  });
});
