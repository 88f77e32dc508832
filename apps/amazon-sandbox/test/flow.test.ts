import { describe, expect, it } from "vitest";
import {
  adsHeaders,
  AGENCY,
  AGENCY_US_PROFILE,
  connect,
  consent,
  exchange,
  NOBODY,
  pkcePair,
  rawProfileIds,
  refresh,
  SELLER,
  startSandbox,
  VENDOR,
  CLIENT_ID,
} from "./support/sandbox";

describe("the whole connect path", () => {
  it("goes consent → code → tokens → profiles per region → DSP pages → refresh → revoke → invalid_grant", async () => {
    const { base, sandbox } = await startSandbox();
    const { verifier, challenge } = pkcePair();

    // Consent on the EU host: one grant covers every region.
    const location = await consent(base("eu"), {
      userId: AGENCY,
      params: { code_challenge: challenge, code_challenge_method: "S256", state: "xyz 1/2" },
    });
    expect(location.origin + location.pathname).toBe("http://localhost:3000/api/amazon/callback");
    expect(location.searchParams.get("state")).toBe("xyz 1/2");
    expect(location.searchParams.get("scope")).toBe("advertising::campaign_management profile");
    const code = location.searchParams.get("code")!;
    expect(code).toMatch(/^AN/);

    const tokenResponse = await exchange(base("na"), code, { code_verifier: verifier });
    expect(tokenResponse.status).toBe(200);
    expect(tokenResponse.headers.get("x-amzn-requestid")).toBeTruthy();
    const tokens = (await tokenResponse.json()) as Record<string, unknown>;
    expect(Object.keys(tokens).sort()).toEqual([
      "access_token",
      "expires_in",
      "refresh_token",
      "token_type",
    ]);
    expect(tokens).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expect(tokens.access_token).toMatch(/^Atza\|/);
    expect(tokens.refresh_token).toMatch(/^Atzr\|/);
    expect((tokens.access_token as string).length).toBeGreaterThan(300);
    expect((tokens.refresh_token as string).length).toBeLessThanOrEqual(2048);

    const headers = adsHeaders(tokens.access_token as string);
    const na = await fetch(`${base("na")}/v2/profiles`, { headers });
    const eu = await fetch(`${base("eu")}/v2/profiles`, { headers });
    const fe = await fetch(`${base("fe")}/v2/profiles`, { headers });
    expect([na.status, eu.status, fe.status]).toEqual([200, 200, 200]);
    expect(rawProfileIds(await na.text())).toEqual([AGENCY_US_PROFILE]);
    expect(rawProfileIds(await eu.text())).toEqual(["4400000000000000503"]);
    expect(await fe.json()).toEqual([]);

    // 237 advertisers: pages of 100, 100 and 37.
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let total = Infinity;
    for (let startIndex = 0; startIndex < total; startIndex += 100) {
      const res = await fetch(`${base("na")}/dsp/advertisers?startIndex=${startIndex}&count=100`, {
        headers: { ...headers, "Amazon-Advertising-API-Scope": AGENCY_US_PROFILE },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        totalResults: number;
        response: { advertiserId: string }[];
      };
      total = body.totalResults;
      pageSizes.push(body.response.length);
      seen.push(...body.response.map((a) => a.advertiserId));
    }
    expect(pageSizes).toEqual([100, 100, 37]);
    expect(total).toBe(237);
    expect(seen).toHaveLength(237);
    expect(new Set(seen).size).toBe(237);

    const refreshed = await refresh(base("fe"), tokens.refresh_token as string);
    expect(refreshed.status).toBe(200);
    const again = (await refreshed.json()) as Record<string, unknown>;
    expect(again.refresh_token).toBe(tokens.refresh_token);
    expect(again.access_token).not.toBe(tokens.access_token);
    const withNew = await fetch(`${base("na")}/v2/profiles`, {
      headers: adsHeaders(again.access_token as string),
    });
    expect(withNew.status).toBe(200);

    sandbox.revokeUser(AGENCY);
    const revoked = await refresh(base("na"), tokens.refresh_token as string);
    expect(revoked.status).toBe(400);
    expect(await revoked.text()).toBe(
      '{"error":"invalid_grant","error_description":"The request has an invalid grant parameter : refresh_token"}',
    );

    expect(sandbox.counters()).toMatchObject({
      token: { authorization_code: 1, refresh_token: 2 },
      profiles: { na: 2, eu: 1, fe: 1 },
      dspAdvertisers: 3,
    });
  });

  it("lets the person connect again after revoking, with a new working refresh token", async () => {
    const { base, sandbox } = await startSandbox();
    const first = await connect(base("na"), SELLER);
    sandbox.revokeUser(SELLER);
    expect((await refresh(base("na"), first.refresh_token)).status).toBe(400);
    const second = await connect(base("na"), SELLER);
    expect((await refresh(base("na"), second.refresh_token)).status).toBe(200);
  });

  it("writes profile ids above 2^53 as raw JSON integers that survive only as digit strings", async () => {
    const { base } = await startSandbox();
    const tokens = await connect(base("na"), SELLER);
    const res = await fetch(`${base("na")}/v2/profiles`, {
      headers: adsHeaders(tokens.access_token),
    });
    const text = await res.text();
    expect(text).toContain('"profileId":4400000000000000101,');
    expect(text).not.toContain('"profileId":"');
    const ids = rawProfileIds(text);
    expect(ids).toEqual(["4400000000000000101", "4400000000000000103"]);
    for (const id of ids) {
      expect(BigInt(id) > 2n ** 53n).toBe(true);
      // A client using JSON.parse loses the id:
      expect(String(Number(id))).not.toBe(id);
    }
    const parsed = JSON.parse(text) as unknown[];
    expect(parsed).toHaveLength(2);
    expect(parsed[0]).toMatchObject({
      countryCode: "US",
      currencyCode: "USD",
      dailyBudget: 50,
      timezone: "America/Los_Angeles",
      accountInfo: {
        marketplaceStringId: "ATVPDKIKX0DER",
        id: "A2SBXSELLER7QK",
        type: "seller",
        name: "Sam's Sandbox Store",
        validPaymentMethod: true,
      },
    });
  });

  it("serves each region only its own profiles: seller NA+EU, vendor NA+FE, nobody none", async () => {
    const { base } = await startSandbox();
    const countries = async (userId: string) => {
      const { access_token } = await connect(base("na"), userId);
      const out: Record<string, string[]> = {};
      for (const region of ["na", "eu", "fe"] as const) {
        const res = await fetch(`${base(region)}/v2/profiles`, {
          headers: adsHeaders(access_token),
        });
        out[region] = ((await res.json()) as { countryCode: string }[]).map((p) => p.countryCode);
      }
      return out;
    };
    expect(await countries(SELLER)).toEqual({ na: ["US", "CA"], eu: ["UK", "DE"], fe: [] });
    expect(await countries(VENDOR)).toEqual({ na: ["US"], eu: [], fe: ["JP"] });
    expect(await countries(AGENCY)).toEqual({ na: ["US"], eu: ["UK"], fe: [] });
    expect(await countries(NOBODY)).toEqual({ na: [], eu: [], fe: [] });
  });

  it("returns the Amazon user on every region's /user/profile when the profile scope was granted", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), VENDOR);
    for (const region of ["na", "eu", "fe"] as const) {
      const res = await fetch(`${base(region)}/user/profile`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        user_id: VENDOR,
        name: "Vera Vendor",
        email: "vera.vendor@example.com",
      });
    }
    const viaHeader = await fetch(`${base("na")}/user/profile`, {
      headers: { "x-amz-access-token": access_token },
    });
    expect(viaHeader.status).toBe(200);
    const viaQuery = await fetch(
      `${base("na")}/user/profile?access_token=${encodeURIComponent(access_token)}`,
    );
    expect(viaQuery.status).toBe(200);
  });

  it("refuses /user/profile without the profile scope (403) and with a bad token (401)", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER, "advertising::campaign_management");
    const res = await fetch(`${base("na")}/user/profile`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: "insufficient_scope" });
    const bad = await fetch(`${base("na")}/user/profile`, {
      headers: { authorization: "Bearer Atza|nope" },
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: "invalid_token" });
    // Ads API calls need no profile scope.
    const profiles = await fetch(`${base("na")}/v2/profiles`, {
      headers: adsHeaders(access_token),
    });
    expect(profiles.status).toBe(200);
  });

  it("answers unknown paths with Amazon's NOT_FOUND and an x-amzn-RequestId", async () => {
    const { url } = await startSandbox();
    const res = await fetch(`${url}/na/v2/campaigns`, {
      headers: { "amazon-advertising-api-clientid": CLIENT_ID },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toMatchObject({ code: "NOT_FOUND" });
  });
});
