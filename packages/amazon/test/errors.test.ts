import { createServer } from "node:net";
import { AdsConnectError } from "@adsconnect/errors";
import { type SandboxProcess } from "@adsconnect/test-sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AmazonError,
  createAmazonClient,
  createPkcePair,
  ERROR_KIND_OF,
  type AmazonErrorKind,
} from "../src/index";
import {
  accessTokenFor,
  clientFor,
  expectNoSecrets,
  failure,
  grantFor,
  REDIRECT_URI,
  startSandbox,
} from "./support/sandbox";

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

/** A port nobody listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function expectAmazonError(error: unknown, fields: Partial<AmazonError>): AmazonError {
  expect(error).toBeInstanceOf(AmazonError);
  expect(error).toMatchObject(fields);
  return error as AmazonError;
}

describe("token endpoint failures", () => {
  it("a made-up code is invalid_grant: the person must start again; message holds no code, verifier or secret", async () => {
    const { client } = clientFor(sandbox);
    const code = "ANmadeUpAuthorizationCode0123456789";
    const { codeVerifier } = createPkcePair();
    const error = expectAmazonError(
      await failure(client.exchangeCode({ region: "NA", code, codeVerifier })),
      {
        amazonKind: "invalid_grant",
        status: 400,
        code: "invalid_grant",
        retryable: false,
        attempts: 1,
      },
    );
    expect(error.requestId).toEqual(expect.any(String));
    expect(error.message).toContain(error.requestId!);
    expect(error.message).toMatch(/start the connection again/);
    expectNoSecrets(error, [code, codeVerifier, sandbox.clientSecret]);
  });

  it("a code used twice is invalid_grant the second time", async () => {
    const seller = await sandbox.admin.user("seller");
    const { client } = clientFor(sandbox);
    const pkce = createPkcePair();
    const { code } = await sandbox.consent({
      userId: seller.userId,
      codeChallenge: pkce.codeChallenge,
      codeChallengeMethod: "S256",
    });
    const input = { region: "NA" as const, code: code!, codeVerifier: pkce.codeVerifier };
    const first = await client.exchangeCode(input);
    const error = expectAmazonError(await failure(client.exchangeCode(input)), {
      amazonKind: "invalid_grant",
    });
    expectNoSecrets(error, [code!, pkce.codeVerifier, sandbox.clientSecret, first.accessToken]);
  });

  it("a revoked refresh token is invalid_grant, asked once: the person must reconnect", async () => {
    const { client } = clientFor(sandbox);
    const { refreshToken } = await grantFor(sandbox, "seller");
    await sandbox.admin.revokeRefreshToken(refreshToken);
    const error = expectAmazonError(
      await failure(client.refreshAccessToken({ region: "EU", refreshToken })),
      { amazonKind: "invalid_grant", status: 400, attempts: 1 },
    );
    expect(error.requestId).toEqual(expect.any(String));
    expect(error.message).toMatch(/connect their Amazon account again/);
    expect((await sandbox.admin.counters()).token.refresh_token).toBe(1);
    expectNoSecrets(error, [refreshToken, sandbox.clientSecret]);
  });

  it("a wrong client secret is invalid_client: an operator must fix the config", async () => {
    const wrongSecret = "amzn1.oa2-cs.v1.this-is-not-the-right-secret";
    const { client } = clientFor(sandbox, { clientSecret: wrongSecret });
    const { refreshToken } = await grantFor(sandbox, "seller");
    const error = expectAmazonError(
      await failure(client.refreshAccessToken({ region: "NA", refreshToken })),
      { amazonKind: "invalid_client", status: 401, code: "invalid_client", attempts: 1 },
    );
    expect(error.requestId).toEqual(expect.any(String));
    expect(error.message).toMatch(/AMAZON_CLIENT_SECRET/);
    expectNoSecrets(error, [wrongSecret, refreshToken, sandbox.clientSecret]);
  });

  it("a 503 from the token endpoint is a retryable server_error with its request id", async () => {
    const { client } = clientFor(sandbox, { retry: { maxAttempts: 1 } });
    const { refreshToken } = await grantFor(sandbox, "seller");
    await sandbox.admin.failTokenCalls({ status: 503, grantType: "refresh_token" });
    const error = expectAmazonError(
      await failure(client.refreshAccessToken({ region: "NA", refreshToken })),
      { amazonKind: "server_error", status: 503, retryable: true },
    );
    expect(error.requestId).toEqual(expect.any(String));
    expectNoSecrets(error, [refreshToken, sandbox.clientSecret]);
  });

  it("a 429 from the token endpoint is rate_limited with Retry-After", async () => {
    const { client } = clientFor(sandbox, { retry: { maxAttempts: 1 } });
    const { refreshToken } = await grantFor(sandbox, "seller");
    await sandbox.admin.failTokenCalls({ status: 429, retryAfterSeconds: 4 });
    const error = expectAmazonError(
      await failure(client.refreshAccessToken({ region: "NA", refreshToken })),
      { amazonKind: "rate_limited", status: 429, retryAfterSeconds: 4, retryable: true },
    );
    expect(error.requestId).toEqual(expect.any(String));
    expectNoSecrets(error, [refreshToken, sandbox.clientSecret]);
  });

  it("a token endpoint that never answers is a timeout after timeoutMs", async () => {
    const { client } = clientFor(sandbox, { timeoutMs: 200 });
    const { code } = await sandbox.consent({ userId: (await sandbox.admin.user("seller")).userId });
    await sandbox.admin.hangTokenCalls({ grantType: "authorization_code" });
    const { codeVerifier } = createPkcePair();
    const error = expectAmazonError(
      await failure(client.exchangeCode({ region: "NA", code: code!, codeVerifier })),
      { amazonKind: "timeout", status: null, requestId: null, retryable: true },
    );
    expect(error.message).toMatch(/did not answer within 200 ms/);
    expectNoSecrets(error, [code!, codeVerifier, sandbox.clientSecret]);
  });

  it("an Amazon host that cannot be reached is a network error naming the host", async () => {
    const port = await closedPort();
    const client = createAmazonClient({
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      redirectUri: REDIRECT_URI,
      baseUrlTemplate: `http://127.0.0.1:${port}/{region}`,
      retry: { maxAttempts: 1 },
    });
    const refreshToken = "Atzr|not-a-real-refresh-token-but-secret-all-the-same";
    const error = expectAmazonError(
      await failure(client.refreshAccessToken({ region: "FE", refreshToken })),
      { amazonKind: "network", status: null, requestId: null, retryable: true },
    );
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain("ECONNREFUSED");
    expectNoSecrets(error, [refreshToken, sandbox.clientSecret]);
  });
});

describe("Ads API failures", () => {
  it("an expired access token is unauthorized (401) on /v2/profiles, with the request id", async () => {
    const { client } = clientFor(sandbox);
    const { accessToken, refreshToken } = await accessTokenFor(sandbox, client, "seller");
    await sandbox.admin.expireAccessToken(accessToken);
    const error = expectAmazonError(
      await failure(client.listProfiles({ accessToken, region: "NA" })),
      { amazonKind: "unauthorized", status: 401, retryable: false, attempts: 1 },
    );
    expect(error.requestId).toEqual(expect.any(String));
    expect(error.message).toMatch(/refresh the token/);
    expectNoSecrets(error, [accessToken, refreshToken, sandbox.clientSecret]);
  });

  it("a grant without the profile scope is unauthorized (403 insufficient_scope) on /user/profile", async () => {
    const { client } = clientFor(sandbox);
    const { accessToken, refreshToken } = await accessTokenFor(
      sandbox,
      client,
      "seller",
      "advertising::campaign_management",
    );
    const error = expectAmazonError(await failure(client.getUser({ accessToken })), {
      amazonKind: "unauthorized",
      status: 403,
      code: "insufficient_scope",
    });
    expect(error.requestId).toEqual(expect.any(String));
    expectNoSecrets(error, [accessToken, refreshToken, sandbox.clientSecret]);
  });

  it("someone else's DSP entity is unauthorized (401) on /dsp/advertisers", async () => {
    const { client } = clientFor(sandbox);
    const { accessToken } = await accessTokenFor(sandbox, client, "seller");
    const agency = await sandbox.admin.user("agency");
    const dsp = agency.profiles.find((p) => p.region === "na" && p.dspAdvertiserCount)!;
    const error = expectAmazonError(
      await failure(
        client.listDspAdvertisers({ accessToken, region: "NA", profileId: dsp.profileId }),
      ),
      { amazonKind: "unauthorized", status: 401 },
    );
    expect(error.requestId).toEqual(expect.any(String));
    expectNoSecrets(error, [accessToken, sandbox.clientSecret]);
  });

  it("a profile that is not a DSP entity is bad_request with Amazon's ENTITY_NOT_SUPPORTED", async () => {
    const { client } = clientFor(sandbox);
    const { accessToken } = await accessTokenFor(sandbox, client, "seller");
    const [profile] = await client.listProfiles({ accessToken, region: "NA" });
    const error = expectAmazonError(
      await failure(
        client.listDspAdvertisers({ accessToken, region: "NA", profileId: profile!.profileId }),
      ),
      { amazonKind: "bad_request", status: 400, code: "ENTITY_NOT_SUPPORTED", retryable: false },
    );
    expect(error.requestId).toEqual(expect.any(String));
    expect(error.message).toContain("ENTITY_NOT_SUPPORTED");
    expectNoSecrets(error, [accessToken, sandbox.clientSecret]);
  });

  it("a 429 is rate_limited with retryAfterSeconds from Retry-After", async () => {
    const { client } = clientFor(sandbox, { retry: { maxAttempts: 1 } });
    const { accessToken } = await accessTokenFor(sandbox, client, "seller");
    await sandbox.admin.failAdsCalls({ status: 429, retryAfterSeconds: 7, endpoint: "profiles" });
    const error = expectAmazonError(
      await failure(client.listProfiles({ accessToken, region: "EU" })),
      { amazonKind: "rate_limited", status: 429, retryAfterSeconds: 7, retryable: true },
    );
    expect(error.requestId).toEqual(expect.any(String));
    expect(error.message).toMatch(/wait 7 s/);
    expectNoSecrets(error, [accessToken, sandbox.clientSecret]);
  });

  it("a 5xx is server_error with the request id", async () => {
    const { client } = clientFor(sandbox, { retry: { maxAttempts: 1 } });
    const { accessToken } = await accessTokenFor(sandbox, client, "seller");
    await sandbox.admin.failAdsCalls({ status: 502, endpoint: "userProfile" });
    const error = expectAmazonError(await failure(client.getUser({ accessToken })), {
      amazonKind: "server_error",
      status: 502,
      retryable: true,
    });
    expect(error.requestId).toEqual(expect.any(String));
    expectNoSecrets(error, [accessToken, sandbox.clientSecret]);
  });

  it("a token that cannot be a header value is refused before anything is sent", async () => {
    const { client } = clientFor(sandbox);
    const accessToken = "Atza|secret-part\nInjected: header";
    const error = expectAmazonError(
      await failure(client.listProfiles({ accessToken, region: "NA" })),
      { amazonKind: "bad_request", status: null },
    );
    expect((await sandbox.admin.counters()).profiles.na).toBe(0);
    expectNoSecrets(error, ["secret-part", sandbox.clientSecret]);
  });

  it("a profile id that is not digits is refused before anything is sent", async () => {
    const { client } = clientFor(sandbox);
    const error = expectAmazonError(
      await failure(
        client.listDspAdvertisers({ accessToken: "Atza|x", region: "NA", profileId: "12 OR 1" }),
      ),
      { amazonKind: "bad_request", status: null },
    );
    expect(error.message).not.toContain("12 OR 1");
    expect((await sandbox.admin.counters()).dspAdvertisers).toBe(0);
  });
});

describe("the error object", () => {
  it("serialises to its fields only, and says whether a retry can help", async () => {
    const error = new AmazonError({
      amazonKind: "rate_limited",
      message: "m",
      status: 429,
      requestId: "r",
      retryAfterSeconds: 3,
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "AmazonError",
      kind: "unavailable",
      amazonKind: "rate_limited",
      message: "m",
      status: 429,
      code: null,
      requestId: "r",
      retryAfterSeconds: 3,
      attempts: 1,
      retryable: true,
    });
    for (const kind of [
      "invalid_grant",
      "invalid_client",
      "unauthorized",
      "bad_request",
    ] as const) {
      expect(new AmazonError({ amazonKind: kind, message: "m" }).retryable).toBe(false);
    }
    for (const kind of ["rate_limited", "server_error", "timeout", "network"] as const) {
      expect(new AmazonError({ amazonKind: kind, message: "m" }).retryable).toBe(true);
    }
  });

  it("is an AdsConnectError whose kind says what Amazon's answer means to a caller", () => {
    const kinds = Object.fromEntries(
      (Object.keys(ERROR_KIND_OF) as AmazonErrorKind[]).map((amazonKind) => {
        const error = new AmazonError({ amazonKind, message: "m" });
        expect(error).toBeInstanceOf(AdsConnectError);
        return [amazonKind, error.kind];
      }),
    );
    expect(kinds).toEqual({
      invalid_grant: "needs_reconnect",
      unauthorized: "needs_reconnect",
      invalid_client: "internal",
      bad_request: "internal",
      rate_limited: "unavailable",
      server_error: "unavailable",
      timeout: "unavailable",
      network: "unavailable",
    });
  });
});
