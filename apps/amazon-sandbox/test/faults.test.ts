import { describe, expect, it } from "vitest";
import {
  adsHeaders,
  AGENCY,
  connect,
  refresh,
  SELLER,
  startSandbox,
  VENDOR,
} from "./support/sandbox";

async function admin(url: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}/__sandbox/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("fault controls", () => {
  it("fails the next N token calls with 500, 503 and 429 + Retry-After, then recovers", async () => {
    const { base, url } = await startSandbox();
    const { refresh_token } = await connect(base("na"));

    expect((await admin(url, "POST", "faults/token", { status: 500, count: 2 })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await refresh(base("na"), refresh_token);
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ error: "server_error" });
    }
    expect((await refresh(base("na"), refresh_token)).status).toBe(200);

    await admin(url, "POST", "faults/token", { status: 503 });
    const unavailable = await refresh(base("na"), refresh_token);
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toMatchObject({ error: "temporarily_unavailable" });

    await admin(url, "POST", "faults/token", { status: 429, retryAfterSeconds: 7 });
    const throttled = await refresh(base("na"), refresh_token);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    expect((await refresh(base("na"), refresh_token)).status).toBe(200);
  });

  it("targets one user or one refresh token only", async () => {
    const { base, sandbox } = await startSandbox();
    const seller = await connect(base("na"), SELLER);
    const vendor = await connect(base("na"), VENDOR);
    sandbox.failTokenCalls({ status: 503, userId: VENDOR, count: 5 });
    expect((await refresh(base("na"), seller.refresh_token)).status).toBe(200);
    expect((await refresh(base("na"), vendor.refresh_token)).status).toBe(503);

    sandbox.clearFaults();
    sandbox.failTokenCalls({ status: 500, refreshToken: seller.refresh_token });
    expect((await refresh(base("na"), vendor.refresh_token)).status).toBe(200);
    expect((await refresh(base("na"), seller.refresh_token)).status).toBe(500);
    expect((await refresh(base("na"), seller.refresh_token)).status).toBe(200);
  });

  it("answers invalid_grant to every refresh until cleared, and the grants work again after", async () => {
    const { base, url } = await startSandbox();
    const seller = await connect(base("na"), SELLER);
    const vendor = await connect(base("na"), VENDOR);
    const set = await admin(url, "POST", "faults/token", {
      status: 400,
      count: 1_000_000,
      grantType: "refresh_token",
    });
    expect(set.status).toBe(200);
    for (const tokens of [seller, vendor, seller]) {
      const res = await refresh(base("na"), tokens.refresh_token);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: "invalid_grant" });
    }
    await admin(url, "DELETE", "faults");
    expect((await refresh(base("na"), seller.refresh_token)).status).toBe(200);
    expect((await refresh(base("na"), vendor.refresh_token)).status).toBe(200);
  });

  it("meets a share of token calls with random faults until cleared: 500, 429, timeout, dropped connection", async () => {
    const { base, url, sandbox } = await startSandbox();
    const { refresh_token } = await connect(base("na"));
    const set = await admin(url, "POST", "faults/token-chaos", {
      rate: 0.5,
      retryAfterSeconds: 3,
      timeoutMs: 50,
    });
    expect(set.status).toBe(200);
    const answers: string[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await refresh(base("na"), refresh_token).catch(() => null);
      if (!res) answers.push("dropped");
      else {
        if (res.status === 429) expect(res.headers.get("retry-after")).toBe("3");
        answers.push(String(res.status));
        await res.arrayBuffer();
      }
    }
    const hits = sandbox.faults().tokenChaos!.hits;
    // Each kind was met, and the answers match what chaos says it did.
    expect(Object.values(hits).every((n) => n > 0)).toBe(true);
    expect(answers.filter((a) => a === "500").length).toBe(hits.server_error);
    expect(answers.filter((a) => a === "429").length).toBe(hits.rate_limited);
    expect(answers.filter((a) => a === "dropped").length).toBe(hits.timeout + hits.drop);
    expect(answers.filter((a) => a === "200").length).toBe(
      200 - Object.values(hits).reduce((a, b) => a + b),
    );
    const failed = 200 - answers.filter((a) => a === "200").length;
    expect(failed).toBeGreaterThan(50);
    expect(failed).toBeLessThan(150);

    await admin(url, "DELETE", "faults");
    expect(sandbox.faults().tokenChaos).toBeUndefined();
    for (let i = 0; i < 20; i++)
      expect((await refresh(base("na"), refresh_token)).status).toBe(200);
  });

  it("adds latency to token calls and Ads calls with timers", async () => {
    const { base, sandbox } = await startSandbox();
    const { refresh_token, access_token } = await connect(base("na"));
    sandbox.setLatency({ tokenMs: 150, adsMs: 100 });
    let started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => refresh(base("na"), refresh_token)),
    );
    const tokenElapsed = performance.now() - started;
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(tokenElapsed).toBeGreaterThanOrEqual(140);

    started = performance.now();
    await fetch(`${base("na")}/v2/profiles`, { headers: adsHeaders(access_token) });
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect(sandbox.faults().latency).toEqual({ tokenMs: 150, adsMs: 100, downloadMs: 0 });
  });

  it("hangs the next token call so a client's timeout fires, then answers normally", async () => {
    const { base, url, sandbox } = await startSandbox();
    const { refresh_token } = await connect(base("na"));
    expect((await admin(url, "POST", "faults/token-hang", { count: 1 })).status).toBe(200);
    const started = performance.now();
    await expect(
      refresh(base("na"), refresh_token, { signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect((await refresh(base("na"), refresh_token)).status).toBe(200);
    expect(sandbox.counters().token.refresh_token).toBe(2);
  });

  it("drops a hung connection after durationMs", async () => {
    const { base, sandbox } = await startSandbox();
    const { refresh_token } = await connect(base("na"));
    sandbox.hangTokenCalls({ durationMs: 100 });
    await expect(
      refresh(base("na"), refresh_token, { signal: AbortSignal.timeout(5000) }),
    ).rejects.toThrow(/fetch failed/);
    expect(sandbox.faults().hungRequests).toBe(0);
  });

  it("revokes a user's grant through the admin API: every refresh token turns invalid_grant", async () => {
    const { base, url } = await startSandbox();
    const a = await connect(base("na"), AGENCY);
    const b = await connect(base("eu"), AGENCY);
    const other = await connect(base("na"), SELLER);
    expect(await admin(url, "POST", "revoke", { userId: AGENCY })).toEqual({
      status: 200,
      body: { revoked: true, userId: AGENCY },
    });
    expect((await refresh(base("na"), a.refresh_token)).status).toBe(400);
    expect((await refresh(base("na"), b.refresh_token)).status).toBe(400);
    expect((await refresh(base("na"), other.refresh_token)).status).toBe(200);

    const single = await admin(url, "POST", "revoke", { refreshToken: other.refresh_token });
    expect(single.body).toEqual({ revoked: true, userId: SELLER });
    expect((await refresh(base("na"), other.refresh_token)).status).toBe(400);
  });

  it("expires an access token early through the admin API", async () => {
    const { base, url } = await startSandbox();
    const { access_token } = await connect(base("na"));
    expect(
      (await admin(url, "POST", "expire-access-token", { accessToken: access_token })).status,
    ).toBe(200);
    expect(
      (await fetch(`${base("na")}/v2/profiles`, { headers: adsHeaders(access_token) })).status,
    ).toBe(401);
    const fresh = await connect(base("na"), VENDOR);
    await admin(url, "POST", "expire-access-token", { userId: VENDOR });
    expect(
      (await fetch(`${base("na")}/v2/profiles`, { headers: adsHeaders(fresh.access_token) }))
        .status,
    ).toBe(401);
  });

  it("fails Ads API calls on demand, per endpoint, with Retry-After on 429", async () => {
    const { base, sandbox } = await startSandbox();
    const { access_token } = await connect(base("na"));
    sandbox.failAdsCalls({ status: 429, endpoint: "profiles", retryAfterSeconds: 3 });
    const res = await fetch(`${base("na")}/v2/profiles`, { headers: adsHeaders(access_token) });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(await res.json()).toMatchObject({ code: "429" });
    expect(
      (await fetch(`${base("na")}/v2/profiles`, { headers: adsHeaders(access_token) })).status,
    ).toBe(200);
  });

  it("counts calls per endpoint and grant type, and reset() starts over", async () => {
    const { base, url } = await startSandbox();
    const { refresh_token, access_token } = await connect(base("na"));
    await refresh(base("eu"), refresh_token);
    await refresh(base("eu"), "Atzr|bogus");
    await fetch(`${base("fe")}/v2/profiles`, { headers: adsHeaders(access_token) });
    await fetch(`${base("fe")}/v2/profiles`);
    await fetch(`${base("na")}/dsp/advertisers`, { headers: adsHeaders(access_token) });
    await fetch(`${base("eu")}/user/profile`, {
      headers: { authorization: `Bearer ${access_token}` },
    });

    const counters = await admin(url, "GET", "counters");
    expect(counters.body).toEqual({
      consent: { page: 1, allow: 1, cancel: 0 },
      token: { authorization_code: 1, refresh_token: 2, other: 0 },
      profiles: { na: 0, eu: 0, fe: 2 },
      dspAdvertisers: 1,
      userProfile: 1,
      spCampaigns: 0,
      reports: { create: 0, status: 0, download: 0 },
    });

    await admin(url, "POST", "faults/token", { status: 500, count: 3 });
    await admin(url, "POST", "latency", { tokenMs: 50 });
    expect((await admin(url, "POST", "reset")).body).toEqual({ ok: true });
    const after = await admin(url, "GET", "counters");
    expect(after.body.token).toEqual({ authorization_code: 0, refresh_token: 0, other: 0 });
    expect((await admin(url, "GET", "faults")).body).toEqual({
      latency: { tokenMs: 0, adsMs: 0, downloadMs: 0 },
      tokenFailures: [],
      tokenHangs: [],
      adsFailures: [],
      downloadAborts: [],
      reportFailures: [],
      hungRequests: 0,
    });
    expect((await refresh(base("na"), refresh_token)).status).toBe(200);
  });

  it("validates admin input with zod and answers 400 with the issues", async () => {
    const { url } = await startSandbox();
    const bad = await admin(url, "POST", "faults/token", { status: 418 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("invalid_admin_request");
    expect((await admin(url, "POST", "latency", { tokenMs: -1 })).status).toBe(400);
    expect((await admin(url, "POST", "faults/token", { status: 500, extra: true })).status).toBe(
      400,
    );
    expect((await admin(url, "POST", "grants", { count: 0 })).status).toBe(400);
    expect((await admin(url, "GET", "nope")).status).toBe(404);
    const health = await admin(url, "GET", "health");
    expect(health.body).toMatchObject({
      status: "ok",
      clientId: "amzn1.application-oa2-client.testclient",
    });
  });

  it("lists the seeded users with profile ids as strings", async () => {
    const { url } = await startSandbox();
    const { body } = await admin(url, "GET", "users");
    const users = body.users as {
      kind: string;
      profiles: { profileId: string; dspAdvertiserCount?: number }[];
    }[];
    expect(users.map((u) => u.kind)).toEqual(["seller", "vendor", "agency", "no-profiles"]);
    const agency = users.find((u) => u.kind === "agency")!;
    expect(agency.profiles[0]).toMatchObject({
      profileId: "4400000000000000501",
      dspAdvertiserCount: 237,
    });
  });
});

describe("synthetic grants for benchmarks", () => {
  it("mints 10,000 refresh tokens, each refreshable and seeing its own NA profile", async () => {
    const { base, url } = await startSandbox();
    const { status, body } = await admin(url, "POST", "grants", { count: 10_000 });
    expect(status).toBe(200);
    const grants = body.grants as { userId: string; refreshToken: string }[];
    expect(grants).toHaveLength(10_000);
    expect(new Set(grants.map((g) => g.userId)).size).toBe(10_000);

    const res = await refresh(base("na"), grants[9_999]!.refreshToken);
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const profiles = await fetch(`${base("na")}/v2/profiles`, {
      headers: adsHeaders(access_token),
    });
    const text = await profiles.text();
    expect(text).toMatch(/^\[\{"profileId":45\d{17},"countryCode":"US"/);
    const me = await fetch(`${base("na")}/user/profile`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(await me.json()).toMatchObject({ user_id: grants[9_999]!.userId });
    // Minting and signing 10,000 grants is CPU-bound; on a shared 2-core machine it can take
    // longer than vitest's 5 s default, which is not what this test is about.
  }, 60_000);

  it("answers 1,000 concurrent refreshes under 100 ms latency, counting each", async () => {
    const { base, sandbox } = await startSandbox();
    const grants = sandbox.mintGrants({ count: 1_000 });
    sandbox.setLatency({ tokenMs: 100 });
    const statuses = await Promise.all(
      grants.map(async (g) => (await refresh(base("na"), g.refreshToken)).status),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(sandbox.counters().token.refresh_token).toBe(1_000);
  }, 20_000);

  it("mints grants for a seeded user too", async () => {
    const { base, sandbox } = await startSandbox();
    const [grant] = sandbox.mintGrants({
      userId: AGENCY,
      scope: "advertising::campaign_management",
    });
    expect(grant!.userId).toBe(AGENCY);
    expect((await refresh(base("na"), grant!.refreshToken)).status).toBe(200);
    expect(() => sandbox.mintGrants({ userId: "amzn1.account.NOBODY" })).toThrow();
  });
});
