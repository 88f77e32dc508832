/**
 * What the sandbox does not do: answers that break Amazon's contract. A small real HTTP server
 * plays the Ads API host here (fetch itself is never stubbed).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AmazonError, createAmazonClient } from "../src/index";
import { DSP_MAX_PAGES } from "../src/dsp-advertisers";
import { failure } from "./support/sandbox";

type Handler = (req: IncomingMessage, url: URL, res: ServerResponse) => void;
let handler: Handler;
let calls = 0;
let origin: string;
const server = createServer((req, res) => {
  calls += 1;
  handler(req, new URL(req.url!, "http://x"), res);
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  calls = 0;
});

const secret = "amzn1.oa2-cs.v1.unruly-server-secret";
const accessToken = "Atza|unruly-access-token-0123456789";
const client = () =>
  createAmazonClient({
    clientId: "amzn1.application-oa2-client.unruly",
    clientSecret: secret,
    redirectUri: "http://localhost:3000/api/amazon/callback",
    baseUrlTemplate: `${origin}/{region}`,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
  });

function json(res: ServerResponse, status: number, body: string, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(body);
}

function advertisers(from: number, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    advertiserId: String(from + i),
    name: `A${from + i}`,
  }));
}

const dsp = { accessToken, region: "NA" as const, profileId: "4400000000000000501" };

describe("DSP pagination against a server that would never end", () => {
  it("stops after DSP_MAX_PAGES when every page is full and totalResults is huge", async () => {
    handler = (_req, url, res) => {
      const start = Number(url.searchParams.get("startIndex"));
      json(res, 200, JSON.stringify({ totalResults: 1e12, response: advertisers(start, 100) }));
    };
    const list = await client().listDspAdvertisers(dsp);
    expect(calls).toBe(DSP_MAX_PAGES);
    expect(list).toHaveLength(DSP_MAX_PAGES * 100);
  });

  it("stops at an empty page even when totalResults says there is more", async () => {
    handler = (_req, url, res) => {
      const start = Number(url.searchParams.get("startIndex"));
      const page = start < 200 ? advertisers(start, 100) : [];
      json(res, 200, JSON.stringify({ totalResults: 5000, response: page }));
    };
    expect(await client().listDspAdvertisers(dsp)).toHaveLength(200);
    expect(calls).toBe(3);
  });

  it("stops when a page brings nothing new (startIndex ignored)", async () => {
    handler = (_req, _url, res) => {
      json(res, 200, JSON.stringify({ totalResults: 300, response: advertisers(0, 100) }));
    };
    expect(await client().listDspAdvertisers(dsp)).toHaveLength(100);
    expect(calls).toBe(2);
  });

  it("asks for pages of 100 from startIndex 0 with the profile as scope", async () => {
    const seen: { query: string; scope: unknown; clientId: unknown; auth: unknown }[] = [];
    handler = (req, url, res) => {
      seen.push({
        query: url.search,
        scope: req.headers["amazon-advertising-api-scope"],
        clientId: req.headers["amazon-advertising-api-clientid"],
        auth: req.headers.authorization,
      });
      const start = Number(url.searchParams.get("startIndex"));
      json(
        res,
        200,
        JSON.stringify({ totalResults: 150, response: advertisers(start, start ? 50 : 100) }),
      );
    };
    expect(await client().listDspAdvertisers(dsp)).toHaveLength(150);
    expect(seen).toEqual([
      {
        query: "?startIndex=0&count=100",
        scope: dsp.profileId,
        clientId: "amzn1.application-oa2-client.unruly",
        auth: `Bearer ${accessToken}`,
      },
      {
        query: "?startIndex=100&count=100",
        scope: dsp.profileId,
        clientId: "amzn1.application-oa2-client.unruly",
        auth: `Bearer ${accessToken}`,
      },
    ]);
  });
});

describe("answers that do not have the documented shape", () => {
  it("leaves out a profile of an account type it does not know, keeps the rest", async () => {
    handler = (req, url, res) => {
      expect(url.pathname).toBe("/eu/v2/profiles");
      expect(req.headers["amazon-advertising-api-scope"]).toBeUndefined();
      const profile = (id: string, type: string) =>
        `{"profileId":${id},"countryCode":"DE","currencyCode":"EUR","timezone":"Europe/Paris","accountInfo":{"marketplaceStringId":"A1PA6795UKMFR9","id":"X","type":"${type}"}}`;
      json(
        res,
        200,
        `[${profile("4400000000000000999", "seller")},${profile("4400000000000000998", "someNewType")}]`,
      );
    };
    const profiles = await client().listProfiles({ accessToken, region: "EU" });
    expect(profiles).toEqual([
      {
        profileId: "4400000000000000999",
        region: "EU",
        countryCode: "DE",
        currencyCode: "EUR",
        timezone: "Europe/Paris",
        marketplaceStringId: "A1PA6795UKMFR9",
        accountInfo: {
          id: "X",
          type: "seller",
          name: null,
          subType: null,
          validPaymentMethod: null,
        },
      },
    ]);
  });

  it("reports a token answer without access_token as server_error naming the field, not the body", async () => {
    handler = (_req, _url, res) => {
      json(
        res,
        200,
        JSON.stringify({
          refresh_token: "Atzr|leaked-refresh-token-999",
          token_type: "bearer",
          expires_in: 3600,
        }),
        {
          "x-amz-rid": "RID-123",
        },
      );
    };
    const error = (await failure(
      client().refreshAccessToken({ region: "NA", refreshToken: "Atzr|the-refresh-token-0001" }),
    )) as AmazonError;
    expect(error).toBeInstanceOf(AmazonError);
    expect(error).toMatchObject({ amazonKind: "server_error", status: 200, requestId: "RID-123" });
    expect(error.message).toContain("access_token");
    expect(error.message).not.toContain("Atzr|");
  });

  it("answers without refresh_token give refreshToken null (keep the stored one) and scopes from scope", async () => {
    handler = (_req, _url, res) => {
      json(
        res,
        200,
        JSON.stringify({
          access_token: "Atza|new",
          token_type: "bearer",
          expires_in: 60,
          scope: "profile advertising::campaign_management",
        }),
      );
    };
    const tokens = await client().refreshAccessToken({
      region: "NA",
      refreshToken: "Atzr|old-refresh-token",
    });
    expect(tokens.refreshToken).toBeNull();
    expect(tokens.scopes).toEqual(["profile", "advertising::campaign_management"]);
  });

  it("sends the refresh as a form with exactly Amazon's fields", async () => {
    let form: Record<string, string> = {};
    let contentType: string | undefined;
    handler = (req, url, res) => {
      contentType = req.headers["content-type"];
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        form = Object.fromEntries(new URLSearchParams(body));
        expect(url.pathname).toBe("/fe/auth/o2/token");
        json(
          res,
          200,
          JSON.stringify({
            access_token: "Atza|new",
            refresh_token: "Atzr|r",
            token_type: "bearer",
            expires_in: 3600,
          }),
        );
      });
    };
    await client().refreshAccessToken({ region: "FE", refreshToken: "Atzr|r" });
    expect(contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(form).toEqual({
      grant_type: "refresh_token",
      refresh_token: "Atzr|r",
      client_id: "amzn1.application-oa2-client.unruly",
      client_secret: secret,
    });
  });

  it("quotes Amazon's words without echoing a secret the server put in them", async () => {
    handler = (_req, _url, res) => {
      json(
        res,
        400,
        JSON.stringify({
          error: "invalid_request",
          error_description: `bad client_secret=${secret} token=Atzr|the-refresh-token-0002`,
        }),
        {
          "x-amz-request-id": "REQ-9",
        },
      );
    };
    const error = (await failure(
      client().refreshAccessToken({ region: "NA", refreshToken: "Atzr|the-refresh-token-0002" }),
    )) as AmazonError;
    expect(error).toMatchObject({
      amazonKind: "bad_request",
      code: "invalid_request",
      requestId: "REQ-9",
      attempts: 1,
    });
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain("the-refresh-token-0002");
    expect(error.message).toContain("[redacted]");
  });
});
