import { describe, expect, it } from "vitest";
import {
  adsHeaders,
  AGENCY,
  AGENCY_US_PROFILE,
  connect,
  listCampaigns,
  SELLER,
  SELLER_CA_PROFILE,
  SELLER_UK_PROFILE,
  SELLER_US_PROFILE,
  SP_CAMPAIGN,
  startSandbox,
  VENDOR,
  VENDOR_US_PROFILE,
} from "./support/sandbox";

interface CampaignPage {
  totalResults: number;
  campaigns: {
    campaignId: string;
    name: string;
    state: string;
    targetingType: string;
    budget: { budgetType: string; budget: number };
    startDate: string;
    portfolioId?: string;
    extendedData?: { servingStatus: string; creationDateTime: string };
  }[];
  nextToken?: string;
}

describe("Sponsored Products v3: POST /sp/campaigns/list", () => {
  it("lists a profile's campaigns in Amazon's shape and media type, with x-amzn-RequestId", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    const res = await listCampaigns(base("na"), access_token, SELLER_CA_PROFILE);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(SP_CAMPAIGN);
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    const page = (await res.json()) as CampaignPage;
    expect(page.totalResults).toBe(12);
    expect(page.campaigns).toHaveLength(12);
    expect(page.nextToken).toBeUndefined();
    const first = page.campaigns[0]!;
    expect(first).toMatchObject({
      campaignId: expect.stringMatching(/^\d{15}$/),
      targetingType: "AUTO",
      state: "ENABLED",
      budget: { budgetType: "DAILY", budget: expect.any(Number) },
      dynamicBidding: { strategy: expect.any(String), placementBidding: expect.any(Array) },
      startDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      tags: {},
    });
    expect(first.extendedData).toBeUndefined();
    expect(new Set(page.campaigns.map((c) => c.campaignId)).size).toBe(12);

    const extended = (await (
      await listCampaigns(base("na"), access_token, SELLER_CA_PROFILE, {
        includeExtendedDataFields: true,
      })
    ).json()) as CampaignPage;
    expect(extended.campaigns[0]!.extendedData).toMatchObject({
      servingStatus: "CAMPAIGN_STATUS_ENABLED",
      creationDateTime: expect.stringMatching(/Z$/),
    });
  });

  it("pages with maxResults and nextToken until the last page, which has no nextToken", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const res = await listCampaigns(base("na"), access_token, SELLER_US_PROFILE, {
        maxResults: 1000,
        ...(nextToken ? { nextToken } : {}),
      });
      expect(res.status).toBe(200);
      const page = (await res.json()) as CampaignPage;
      expect(page.totalResults).toBe(2345);
      seen.push(...page.campaigns.map((c) => c.campaignId));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(2345);
    expect(new Set(seen).size).toBe(2345);

    // Without maxResults the page size is the maximum, 1000.
    const defaults = (await (
      await listCampaigns(base("na"), access_token, SELLER_US_PROFILE)
    ).json()) as CampaignPage;
    expect(defaults.campaigns).toHaveLength(1000);
    expect(defaults.nextToken).toBeTruthy();
  });

  it("filters by state, id, portfolio and name", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), VENDOR);
    const list = async (body: unknown) =>
      (await (
        await listCampaigns(base("na"), access_token, VENDOR_US_PROFILE, body)
      ).json()) as CampaignPage;
    const all = await list({});
    expect(all.totalResults).toBe(40);

    const archived = await list({ stateFilter: { include: ["ARCHIVED"] } });
    expect(archived.totalResults).toBe(4);
    expect(archived.campaigns.every((c) => c.state === "ARCHIVED")).toBe(true);

    const ids = [all.campaigns[3]!.campaignId, all.campaigns[17]!.campaignId];
    expect(
      (await list({ campaignIdFilter: { include: ids } })).campaigns.map((c) => c.campaignId),
    ).toEqual(ids);

    const portfolio = all.campaigns.find((c) => c.portfolioId)!.portfolioId!;
    const inPortfolio = await list({ portfolioIdFilter: { include: [portfolio] } });
    expect(inPortfolio.totalResults).toBeGreaterThan(0);
    expect(inPortfolio.campaigns.every((c) => c.portfolioId === portfolio)).toBe(true);

    const broad = await list({
      nameFilter: { queryTermMatchType: "BROAD_MATCH", include: ["manual 001"] },
    });
    expect(broad.campaigns.map((c) => c.name)).toEqual(
      all.campaigns.filter((c) => /manual 001/i.test(c.name)).map((c) => c.name),
    );
    const exact = await list({
      nameFilter: { queryTermMatchType: "EXACT_MATCH", include: [all.campaigns[1]!.name] },
    });
    expect(exact.totalResults).toBe(1);
  });

  it("a nextToken is tied to its filters and profile: anything else is 400 INVALID_ARGUMENT", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    const first = (await (
      await listCampaigns(base("na"), access_token, SELLER_US_PROFILE, { maxResults: 10 })
    ).json()) as CampaignPage;
    // Another page size with the same filters is fine.
    const resized = await listCampaigns(base("na"), access_token, SELLER_US_PROFILE, {
      maxResults: 20,
      nextToken: first.nextToken,
    });
    expect(resized.status).toBe(200);
    expect(((await resized.json()) as CampaignPage).campaigns[0]!.campaignId).not.toBe(
      first.campaigns[0]!.campaignId,
    );
    for (const body of [
      { nextToken: first.nextToken, stateFilter: { include: ["PAUSED"] } },
      { nextToken: "garbage" },
    ]) {
      const res = await listCampaigns(base("na"), access_token, SELLER_US_PROFILE, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ code: "INVALID_ARGUMENT", message: "Invalid nextToken" });
    }
    const otherProfile = await listCampaigns(base("na"), access_token, SELLER_CA_PROFILE, {
      nextToken: first.nextToken,
    });
    expect(otherProfile.status).toBe(400);
  });

  it("validates the body: bad JSON, maxResults outside 1..1000, unknown states are 400", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    for (const body of [
      { maxResults: 0 },
      { maxResults: 1001 },
      { maxResults: "10" },
      { stateFilter: { include: ["enabled"] } },
      { campaignIdFilter: { include: ["abc"] } },
    ]) {
      const res = await listCampaigns(base("na"), access_token, SELLER_US_PROFILE, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const answer = (await res.json()) as { code: string; message: string };
      expect(answer.code).toBe("INVALID_ARGUMENT");
      expect(answer.message).toBeTruthy();
    }
    const notJson = await fetch(`${base("na")}/sp/campaigns/list`, {
      method: "POST",
      headers: adsHeaders(access_token, {
        "amazon-advertising-api-scope": SELLER_US_PROFILE,
        "content-type": SP_CAMPAIGN,
      }),
      body: "{nope",
    });
    expect(notJson.status).toBe(400);
  });

  it("wants the SP v3 media type (415 UNSUPPORTED_MEDIA_TYPE) and POST (405)", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), SELLER);
    for (const type of ["application/json", "text/plain"]) {
      const res = await listCampaigns(
        base("na"),
        access_token,
        SELLER_US_PROFILE,
        {},
        { "content-type": type },
      );
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    }
    const withCharset = await listCampaigns(
      base("na"),
      access_token,
      SELLER_US_PROFILE,
      {},
      {
        "content-type": `${SP_CAMPAIGN}; charset=utf-8`,
      },
    );
    expect(withCharset.status).toBe(200);
    const get = await fetch(`${base("na")}/sp/campaigns/list`, {
      headers: adsHeaders(access_token, { "amazon-advertising-api-scope": SELLER_US_PROFILE }),
    });
    expect(get.status).toBe(405);
  });

  it("refuses missing or wrong headers and tokens in SP v3's { code, message } shape", async () => {
    const { base, sandbox } = await startSandbox();
    const seller = await connect(base("na"), SELLER);
    const vendor = await connect(base("na"), VENDOR);
    const call = (headers: Record<string, string>) =>
      fetch(`${base("na")}/sp/campaigns/list`, {
        method: "POST",
        headers: { "content-type": SP_CAMPAIGN, ...headers },
        body: "{}",
      });
    const scope = { "amazon-advertising-api-scope": SELLER_US_PROFILE };

    const noClient = await call({ authorization: `Bearer ${seller.access_token}`, ...scope });
    expect(noClient.status).toBe(400);
    expect(await noClient.json()).toMatchObject({ code: "INVALID_ARGUMENT" });

    const noToken = await call({
      "amazon-advertising-api-clientid": adsHeaders("x")["amazon-advertising-api-clientid"]!,
      ...scope,
    });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toEqual({
      code: "UNAUTHORIZED",
      message: "HTTP 401 Unauthorized",
    });

    const wrongClient = await call(
      adsHeaders(seller.access_token, {
        ...scope,
        "amazon-advertising-api-clientid": "amzn1.application-oa2-client.other",
      }),
    );
    expect(wrongClient.status).toBe(401);

    const noScope = await call(adsHeaders(seller.access_token));
    expect(noScope.status).toBe(401);
    expect(await noScope.json()).toEqual({
      code: "UNAUTHORIZED",
      message: "Scope header is missing",
    });

    const othersProfile = await call(adsHeaders(vendor.access_token, scope));
    expect(othersProfile.status).toBe(401);
    expect(await othersProfile.json()).toMatchObject({
      message: `Not authorized to access scope ${SELLER_US_PROFILE}`,
    });

    // Sam's UK profile exists, but on the EU host only.
    const wrongRegion = await call(
      adsHeaders(seller.access_token, { "amazon-advertising-api-scope": SELLER_UK_PROFILE }),
    );
    expect(wrongRegion.status).toBe(401);
    expect(await wrongRegion.json()).toMatchObject({
      message: `No matching advertiser found for scope ${SELLER_UK_PROFILE}`,
    });
    expect((await listCampaigns(base("eu"), seller.access_token, SELLER_UK_PROFILE)).status).toBe(
      200,
    );

    sandbox.expireAccessToken(seller.access_token);
    const expired = await call(adsHeaders(seller.access_token, scope));
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("a DSP (agency) profile has no Sponsored Products campaigns", async () => {
    const { base } = await startSandbox();
    const { access_token } = await connect(base("na"), AGENCY);
    const res = await listCampaigns(base("na"), access_token, AGENCY_US_PROFILE);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ totalResults: 0, campaigns: [] });
  });
});
