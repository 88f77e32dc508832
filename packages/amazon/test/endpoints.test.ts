import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  AMAZON_REGIONS,
  AMAZON_USER_PROFILE_URL,
  REGION_ENDPOINTS,
  createAmazonClient,
  createPkcePair,
  type AmazonClientConfig,
} from "../src/index";

const base: AmazonClientConfig = {
  clientId: "amzn1.application-oa2-client.unit",
  clientSecret: "amzn1.oa2-cs.v1.unit-secret",
  redirectUri: "https://app.example.com/api/amazon/callback",
};

describe("endpoints", () => {
  it("uses Amazon's real hosts without a template, the user profile always on the NA host", () => {
    const client = createAmazonClient(base);
    expect(client.endpoints("NA")).toEqual({
      consentUrl: "https://www.amazon.com/ap/oa",
      tokenUrl: "https://api.amazon.com/auth/o2/token",
      userProfileUrl: "https://api.amazon.com/user/profile",
      adsApiUrl: "https://advertising-api.amazon.com",
    });
    expect(client.endpoints("EU")).toEqual({
      consentUrl: "https://eu.account.amazon.com/ap/oa",
      tokenUrl: "https://api.amazon.co.uk/auth/o2/token",
      userProfileUrl: AMAZON_USER_PROFILE_URL,
      adsApiUrl: "https://advertising-api-eu.amazon.com",
    });
    expect(client.endpoints("FE")).toEqual({
      consentUrl: "https://apac.account.amazon.com/ap/oa",
      tokenUrl: "https://api.amazon.co.jp/auth/o2/token",
      userProfileUrl: AMAZON_USER_PROFILE_URL,
      adsApiUrl: "https://advertising-api-fe.amazon.com",
    });
  });

  it("puts the region's prefix before Amazon's own paths with a template", () => {
    const client = createAmazonClient({
      ...base,
      baseUrlTemplate: "http://127.0.0.1:4599/{region}/",
    });
    expect(client.endpoints("EU")).toEqual({
      consentUrl: "http://127.0.0.1:4599/eu/ap/oa",
      tokenUrl: "http://127.0.0.1:4599/eu/auth/o2/token",
      userProfileUrl: "http://127.0.0.1:4599/eu/user/profile",
      adsApiUrl: "http://127.0.0.1:4599/eu",
    });
    expect(client.endpoints("FE").tokenUrl).toBe("http://127.0.0.1:4599/fe/auth/o2/token");
  });

  it("treats an empty template as unset (an empty AMAZON_BASE_URL)", () => {
    const client = createAmazonClient({ ...base, baseUrlTemplate: "" });
    expect(client.endpoints("NA").tokenUrl).toBe(REGION_ENDPOINTS.NA.tokenUrl);
  });

  it("refuses a template without {region} or that is not an http(s) URL, at creation", () => {
    expect(() =>
      createAmazonClient({ ...base, baseUrlTemplate: "http://127.0.0.1:4599/na" }),
    ).toThrow(/must contain "\{region\}"/);
    expect(() => createAmazonClient({ ...base, baseUrlTemplate: "not a url/{region}" })).toThrow(
      /not a URL/,
    );
    expect(() => createAmazonClient({ ...base, baseUrlTemplate: "ftp://h/{region}" })).toThrow(
      /http/,
    );
  });

  it("refuses a config without client id, secret or redirect URI, or with a bad number", () => {
    expect(() => createAmazonClient({ ...base, clientSecret: "" })).toThrow(
      /clientSecret is required/,
    );
    expect(() => createAmazonClient({ ...base, clientId: " " })).toThrow(/clientId is required/);
    expect(() => createAmazonClient({ ...base, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createAmazonClient({ ...base, retry: { maxAttempts: 0 } })).toThrow(/maxAttempts/);
  });

  it("refuses a region that is not NA, EU or FE before any request", async () => {
    const client = createAmazonClient(base);
    const region = "na" as unknown as "NA";
    expect(() => client.endpoints(region)).toThrow(/"NA", "EU" or "FE"/);
    await expect(client.listProfiles({ accessToken: "Atza|x", region })).rejects.toThrow(TypeError);
  });

  it("lists the three regions with their marketplaces", () => {
    expect(AMAZON_REGIONS).toEqual(["NA", "EU", "FE"]);
    expect(REGION_ENDPOINTS.EU.marketplaces).toContain("UK");
    expect(REGION_ENDPOINTS.EU.marketplaces).not.toContain("GB");
    expect(REGION_ENDPOINTS.FE.marketplaces).toEqual(["JP", "AU", "SG"]);
  });
});

describe("createPkcePair", () => {
  it("makes a 43-character verifier and its S256 challenge, fresh each time", () => {
    const a = createPkcePair();
    const b = createPkcePair();
    expect(a.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.codeChallenge).toBe(createHash("sha256").update(a.codeVerifier).digest("base64url"));
    expect(a.codeChallenge).not.toContain("=");
    expect(b.codeVerifier).not.toBe(a.codeVerifier);
  });
});
