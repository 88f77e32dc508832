import { describe, expect, it } from "vitest";
import {
  adsHeaders,
  AGENCY,
  AGENCY_UK_PROFILE,
  AGENCY_US_PROFILE,
  CLIENT_ID,
  connect,
  rawProfileIds,
  SELLER,
  SELLER_US_PROFILE,
  startSandbox,
  VENDOR,
} from "./support/sandbox";

describe("Ads API", () => {
  it("refuses calls without the client id header (400) or without a valid bearer token (401)", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"));
    const noClient = await fetch(`${base("na")}/v2/profiles`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(noClient.status).toBe(400);
    expect(await noClient.json()).toMatchObject({ code: "400" });

    const noToken = await fetch(`${base("na")}/v2/profiles`, {
      headers: { "amazon-advertising-api-clientid": CLIENT_ID },
    });
    expect(noToken.status).toBe(401);
    const body = (await noToken.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: "UNAUTHORIZED" });
    expect(typeof body.details).toBe("string");
    expect(body.requestId).toBe(noToken.headers.get("x-amzn-requestid"));

    const garbage = await fetch(`${base("na")}/v2/profiles`, {
      headers: adsHeaders("Atza|garbage"),
    });
    expect(garbage.status).toBe(401);
  });

  it("refuses a client id header that does not match the token's client (401)", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"));
    const res = await fetch(`${base("na")}/v2/profiles`, {
      headers: adsHeaders(access_token, {
        "amazon-advertising-api-clientid": "amzn1.application-oa2-client.other",
      }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("answers 401 once the access token has expired (injected clock) or was expired early", async () => {
    const { base, clock, sandbox } = await startSandbox();
    const first = await connect(base("na"));
    clock.advance(3_599_000);
    expect(
      (await fetch(`${base("na")}/v2/profiles`, { headers: adsHeaders(first.access_token) }))
        .status,
    ).toBe(200);
    clock.advance(1_000);
    expect(
      (await fetch(`${base("na")}/v2/profiles`, { headers: adsHeaders(first.access_token) }))
        .status,
    ).toBe(401);

    const second = await connect(base("na"));
    expect(sandbox.expireAccessToken(second.access_token)).toBe(true);
    expect(
      (await fetch(`${base("na")}/v2/profiles`, { headers: adsHeaders(second.access_token) }))
        .status,
    ).toBe(401);
  });

  it("filters profiles by profileTypeFilter and rejects unknown types", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), AGENCY);
    const agency = await fetch(`${base("na")}/v2/profiles?profileTypeFilter=agency`, {
      headers: adsHeaders(access_token),
    });
    expect(rawProfileIds(await agency.text())).toEqual([AGENCY_US_PROFILE]);
    const sellers = await fetch(`${base("na")}/v2/profiles?profileTypeFilter=seller,vendor`, {
      headers: adsHeaders(access_token),
    });
    expect(await sellers.json()).toEqual([]);
    const bad = await fetch(`${base("na")}/v2/profiles?profileTypeFilter=brand`, {
      headers: adsHeaders(access_token),
    });
    expect(bad.status).toBe(400);
  });

  it("filters by validPaymentMethodFilter", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("eu"), SELLER);
    const invalid = await fetch(`${base("eu")}/v2/profiles?validPaymentMethodFilter=false`, {
      headers: adsHeaders(access_token),
    });
    expect(((await invalid.json()) as { countryCode: string }[]).map((p) => p.countryCode)).toEqual(
      ["DE"],
    );
  });

  it("/dsp/advertisers: a missing scope header is 401 'Scope header is missing'", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), AGENCY);
    const res = await fetch(`${base("na")}/dsp/advertisers`, { headers: adsHeaders(access_token) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      code: "UNAUTHORIZED",
      details: "Scope header is missing",
    });
  });

  it("/dsp/advertisers: a seller profile is ENTITY_NOT_SUPPORTED in a DSP-style 400", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    const res = await fetch(`${base("na")}/dsp/advertisers`, {
      headers: adsHeaders(access_token, { "amazon-advertising-api-scope": SELLER_US_PROFILE }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      message: string;
      requestId: string;
      errors: { errorType: string }[];
    };
    expect(body.message).toBeTruthy();
    expect(body.requestId).toBe(res.headers.get("x-amzn-requestid"));
    expect(body.errors[0]).toMatchObject({
      errorType: "ENTITY_NOT_SUPPORTED",
      field: "Amazon-Advertising-API-Scope",
    });
  });

  it("/dsp/advertisers: someone else's profile and unknown profiles are 401, as Amazon's errors guide says", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), VENDOR);
    const others = await fetch(`${base("na")}/dsp/advertisers`, {
      headers: adsHeaders(access_token, { "amazon-advertising-api-scope": AGENCY_US_PROFILE }),
    });
    expect(others.status).toBe(401);
    expect(await others.json()).toMatchObject({
      details: `Not authorized to access scope ${AGENCY_US_PROFILE}`,
    });
    const unknown = await fetch(`${base("na")}/dsp/advertisers`, {
      headers: adsHeaders(access_token, { "amazon-advertising-api-scope": "4499999999999999999" }),
    });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({
      details: "No matching advertiser found for scope 4499999999999999999",
    });
  });

  it("/dsp/advertisers: the agency's EU profile answers on the EU host only", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), AGENCY);
    const headers = adsHeaders(access_token, { "amazon-advertising-api-scope": AGENCY_UK_PROFILE });
    const eu = await fetch(`${base("eu")}/dsp/advertisers`, { headers });
    expect(eu.status).toBe(200);
    expect(await eu.json()).toMatchObject({ totalResults: 3 });
    expect((await fetch(`${base("na")}/dsp/advertisers`, { headers })).status).toBe(401);
  });

  it("/dsp/advertisers: count must be 1..100 and startIndex a non-negative integer", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), AGENCY);
    const headers = adsHeaders(access_token, { "amazon-advertising-api-scope": AGENCY_US_PROFILE });
    for (const query of [
      "count=0",
      "count=101",
      "count=abc",
      "count=1.5",
      "startIndex=-1",
      "startIndex=x",
    ]) {
      const res = await fetch(`${base("na")}/dsp/advertisers?${query}`, { headers });
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    }
    const defaults = (await (await fetch(`${base("na")}/dsp/advertisers`, { headers })).json()) as {
      totalResults: number;
      response: unknown[];
    };
    expect(defaults.totalResults).toBe(237);
    expect(defaults.response).toHaveLength(100);
    const one = (await (
      await fetch(`${base("na")}/dsp/advertisers?count=1&startIndex=236`, { headers })
    ).json()) as {
      response: Record<string, unknown>[];
    };
    expect(one.response).toHaveLength(1);
    expect(Object.keys(one.response[0]!).sort()).toEqual([
      "advertiserId",
      "country",
      "currency",
      "name",
      "timezone",
      "url",
    ]);
    expect(one.response[0]!.advertiserId).toMatch(/^\d+$/);
  });

  it("/dsp/advertisers: advertiserIdFilter narrows the results and totalResults", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), AGENCY);
    const headers = adsHeaders(access_token, { "amazon-advertising-api-scope": AGENCY_US_PROFILE });
    const page = (await (
      await fetch(`${base("na")}/dsp/advertisers?count=3`, { headers })
    ).json()) as {
      response: { advertiserId: string }[];
    };
    const ids = page.response.map((a) => a.advertiserId);
    const filtered = await fetch(
      `${base("na")}/dsp/advertisers?advertiserIdFilter=${ids[0]},${ids[2]},123`,
      { headers },
    );
    const body = (await filtered.json()) as {
      totalResults: number;
      response: { advertiserId: string }[];
    };
    expect(body.totalResults).toBe(2);
    expect(body.response.map((a) => a.advertiserId)).toEqual([ids[0], ids[2]]);
    const bad = await fetch(`${base("na")}/dsp/advertisers?advertiserIdFilter=abc`, { headers });
    expect(bad.status).toBe(422);
  });
});
