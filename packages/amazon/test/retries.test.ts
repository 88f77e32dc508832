import { type SandboxProcess } from "@adsconnect/test-sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AmazonError, createPkcePair, type RetryEvent } from "../src/index";
import { accessTokenFor, clientFor, failure, grantFor, startSandbox } from "./support/sandbox";

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

async function sellerToken() {
  const { client } = clientFor(sandbox);
  const token = await accessTokenFor(sandbox, client, "seller");
  await sandbox.admin.reset(); // counters from zero; the token stays valid (it is signed)
  return token;
}

describe("reads retry what Amazon says is worth retrying", () => {
  it("waits exactly Retry-After after a 429, then succeeds", async () => {
    const { accessToken } = await sellerToken();
    const { client, waits } = clientFor(sandbox);
    await sandbox.admin.failAdsCalls({ status: 429, retryAfterSeconds: 2, endpoint: "profiles" });
    const profiles = await client.listProfiles({ accessToken, region: "NA" });
    expect(profiles).toHaveLength(2);
    expect(waits).toEqual([2000]);
    expect((await sandbox.admin.counters()).profiles.na).toBe(2);
  });

  it("really sleeps through Retry-After when no sleep is injected", async () => {
    const { accessToken } = await sellerToken();
    const { client } = clientFor(sandbox, { sleep: undefined });
    await sandbox.admin.failAdsCalls({ status: 429, retryAfterSeconds: 1, endpoint: "profiles" });
    const started = performance.now();
    await client.listProfiles({ accessToken, region: "EU" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect((await sandbox.admin.counters()).profiles.eu).toBe(2);
  });

  it("caps a long Retry-After at maxDelayMs", async () => {
    const { accessToken } = await sellerToken();
    const { client, waits } = clientFor(sandbox, { retry: { maxDelayMs: 50 } });
    await sandbox.admin.failAdsCalls({ status: 429, retryAfterSeconds: 120, endpoint: "profiles" });
    await client.listProfiles({ accessToken, region: "NA" });
    expect(waits).toEqual([50]);
  });

  it("retries a 503 after a jittered backoff below baseDelayMs, then succeeds", async () => {
    const { accessToken } = await sellerToken();
    const events: RetryEvent[] = [];
    const { client, waits } = clientFor(sandbox, {
      retry: { baseDelayMs: 100 },
      onRetry: (event) => events.push(event),
    });
    await sandbox.admin.failAdsCalls({ status: 503, endpoint: "userProfile" });
    const user = await client.getUser({ accessToken });
    expect(user.userId).toMatch(/^amzn1\.account\./);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(0);
    expect(waits[0]).toBeLessThan(100);
    expect(events).toHaveLength(1);
    expect(events[0]!.attempt).toBe(1);
    expect(events[0]!.error).toMatchObject({ amazonKind: "server_error", status: 503 });
    expect(events[0]!.error.requestId).toEqual(expect.any(String));
    expect((await sandbox.admin.counters()).userProfile).toBe(2);
  });

  it("retries one failed DSP page without starting the listing over", async () => {
    const agency = await sandbox.admin.user("agency");
    const { client } = clientFor(sandbox);
    const { accessToken } = await accessTokenFor(sandbox, client, "agency");
    const dsp = agency.profiles.find((p) => p.region === "na" && p.dspAdvertiserCount)!;
    await sandbox.admin.reset();
    await sandbox.admin.failAdsCalls({ status: 502, endpoint: "dspAdvertisers" });
    const advertisers = await client.listDspAdvertisers({
      accessToken,
      region: "NA",
      profileId: dsp.profileId,
    });
    expect(advertisers).toHaveLength(237);
    expect((await sandbox.admin.counters()).dspAdvertisers).toBe(4);
  });

  it("gives up after maxAttempts and says how many attempts were made", async () => {
    const { accessToken } = await sellerToken();
    const { client, waits } = clientFor(sandbox, { retry: { maxAttempts: 3, baseDelayMs: 100 } });
    await sandbox.admin.failAdsCalls({ status: 500, count: 10, endpoint: "profiles" });
    const error = (await failure(
      client.listProfiles({ accessToken, region: "NA" }),
    )) as AmazonError;
    expect(error).toBeInstanceOf(AmazonError);
    expect(error).toMatchObject({ amazonKind: "server_error", status: 500, attempts: 3 });
    expect(error.message).toMatch(/Gave up after 3 attempts/);
    expect((await sandbox.admin.counters()).profiles.na).toBe(3);
    // Full jitter under a doubling ceiling: [0, 100) then [0, 200).
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThan(100);
    expect(waits[1]).toBeLessThan(200);
  });

  it("gives up on a steady 429 after maxAttempts as rate_limited", async () => {
    const { accessToken } = await sellerToken();
    const { client, waits } = clientFor(sandbox, { retry: { maxAttempts: 4 } });
    await sandbox.admin.failAdsCalls({ status: 429, retryAfterSeconds: 1, count: 10 });
    const error = (await failure(
      client.listProfiles({ accessToken, region: "FE" }),
    )) as AmazonError;
    expect(error).toMatchObject({ amazonKind: "rate_limited", attempts: 4, retryAfterSeconds: 1 });
    expect(waits).toEqual([1000, 1000, 1000]);
    expect((await sandbox.admin.counters()).profiles.fe).toBe(4);
  });

  it("never retries a 400: ENTITY_NOT_SUPPORTED is asked once", async () => {
    const { accessToken } = await sellerToken();
    const { client, waits } = clientFor(sandbox);
    const seller = await sandbox.admin.user("seller");
    const error = (await failure(
      client.listDspAdvertisers({
        accessToken,
        region: "NA",
        profileId: seller.profiles.find((p) => p.region === "na")!.profileId,
      }),
    )) as AmazonError;
    expect(error).toMatchObject({ amazonKind: "bad_request", status: 400, attempts: 1 });
    expect(waits).toEqual([]);
    expect((await sandbox.admin.counters()).dspAdvertisers).toBe(1);
  });

  it("never retries a 401: an expired access token is asked once", async () => {
    const { accessToken } = await sellerToken();
    await sandbox.admin.expireAccessToken(accessToken);
    const { client, waits } = clientFor(sandbox);
    const error = (await failure(
      client.listProfiles({ accessToken, region: "NA" }),
    )) as AmazonError;
    expect(error).toMatchObject({ amazonKind: "unauthorized", attempts: 1 });
    expect(waits).toEqual([]);
    expect((await sandbox.admin.counters()).profiles.na).toBe(1);
  });
});

describe("refresh retries like a read", () => {
  it("survives a 503 from the token endpoint", async () => {
    const { refreshToken } = await grantFor(sandbox, "seller");
    const { client, waits } = clientFor(sandbox);
    await sandbox.admin.failTokenCalls({ status: 503, grantType: "refresh_token" });
    const tokens = await client.refreshAccessToken({ region: "EU", refreshToken });
    expect(tokens.refreshToken).toBe(refreshToken);
    expect(waits).toHaveLength(1);
    expect((await sandbox.admin.counters()).token.refresh_token).toBe(2);
  });

  it("survives a token endpoint that hangs once, each attempt bounded by timeoutMs", async () => {
    const { refreshToken } = await grantFor(sandbox, "seller");
    const events: RetryEvent[] = [];
    const { client } = clientFor(sandbox, {
      timeoutMs: 300,
      onRetry: (event) => events.push(event),
    });
    await sandbox.admin.hangTokenCalls({ grantType: "refresh_token" });
    const tokens = await client.refreshAccessToken({ region: "NA", refreshToken });
    expect(tokens.accessToken).not.toBe("");
    expect(events.map((e) => e.error.amazonKind)).toEqual(["timeout"]);
    expect((await sandbox.admin.counters()).token.refresh_token).toBe(2);
  });

  it("does not retry invalid_grant", async () => {
    const { refreshToken } = await grantFor(sandbox, "seller");
    await sandbox.admin.revokeRefreshToken(refreshToken);
    const { client, waits } = clientFor(sandbox);
    const error = (await failure(
      client.refreshAccessToken({ region: "NA", refreshToken }),
    )) as AmazonError;
    expect(error).toMatchObject({ amazonKind: "invalid_grant", attempts: 1 });
    expect(waits).toEqual([]);
    expect((await sandbox.admin.counters()).token.refresh_token).toBe(1);
  });
});

describe("the code exchange is never retried", () => {
  async function freshCode() {
    const seller = await sandbox.admin.user("seller");
    const pkce = createPkcePair();
    const { code } = await sandbox.consent({
      userId: seller.userId,
      codeChallenge: pkce.codeChallenge,
      codeChallengeMethod: "S256",
    });
    return { code: code!, codeVerifier: pkce.codeVerifier };
  }

  it("a 500 fails the exchange after exactly one authorization_code call", async () => {
    const { code, codeVerifier } = await freshCode();
    const { client, waits } = clientFor(sandbox, { retry: { maxAttempts: 5 } });
    await sandbox.admin.failTokenCalls({ status: 500, grantType: "authorization_code" });
    const error = (await failure(
      client.exchangeCode({ region: "NA", code, codeVerifier }),
    )) as AmazonError;
    expect(error).toMatchObject({ amazonKind: "server_error", status: 500, attempts: 1 });
    expect(waits).toEqual([]);
    expect((await sandbox.admin.counters()).token.authorization_code).toBe(1);
  });

  it("a 429 fails the exchange at once too, with Retry-After for the caller", async () => {
    const { code, codeVerifier } = await freshCode();
    const { client, waits } = clientFor(sandbox);
    await sandbox.admin.failTokenCalls({
      status: 429,
      retryAfterSeconds: 3,
      grantType: "authorization_code",
    });
    const error = (await failure(
      client.exchangeCode({ region: "EU", code, codeVerifier }),
    )) as AmazonError;
    expect(error).toMatchObject({ amazonKind: "rate_limited", retryAfterSeconds: 3, attempts: 1 });
    expect(waits).toEqual([]);
    expect((await sandbox.admin.counters()).token.authorization_code).toBe(1);
  });

  it("a hang fails the exchange with timeout after one call", async () => {
    const { code, codeVerifier } = await freshCode();
    const { client, waits } = clientFor(sandbox, { timeoutMs: 250 });
    await sandbox.admin.hangTokenCalls({ grantType: "authorization_code" });
    const error = (await failure(
      client.exchangeCode({ region: "NA", code, codeVerifier }),
    )) as AmazonError;
    expect(error).toMatchObject({ amazonKind: "timeout", attempts: 1 });
    expect(waits).toEqual([]);
    expect((await sandbox.admin.counters()).token.authorization_code).toBe(1);
  });
});
