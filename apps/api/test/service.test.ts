// The machine API as Railway runs it (apps/api/railway.json's start command, on its bundle),
// over real HTTP: @adsconnect/client's calls (me.whoami, and tokens.getAccessToken against the
// Amazon sandbox, refreshing inline), the health check, the URL scheme told for any other path,
// refusals without a key or with cookies, and a clean stop on SIGTERM that answers what is in
// flight.
import { request } from "node:http";

import type { TestActor } from "@adsconnect/api/testing";
import { createAdsConnectClient, TRPCClientError, type MachineRouter } from "@adsconnect/client";
import { cloneTestDatabase } from "@adsconnect/db-dev/testing";
import { createPool } from "@adsconnect/services";
import { createAccount } from "@adsconnect/tokens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Seeded in the sandbox (apps/amazon-sandbox/src/seed.ts): Sam Seller and his US profile.
const SELLER_AMAZON_USER = "amzn1.account.AFSBXSELLER2REGIONS0000000001";
const SELLER_US_PROFILE = "4400000000000000101";

import { startApiService } from "../src/testing";
import { startApiWorld, type ApiWorld } from "./support/api-world";
import { person } from "./support/harness";

let world: ApiWorld;

beforeAll(async () => {
  world = await startApiWorld();
});
afterAll(() => world?.stop());

const clientOf = (apiKey: string) => createAdsConnectClient({ url: world.api.url, apiKey });
const accountOf = (who: TestActor, expiresInSeconds: number) =>
  createAccount(world.services.pool, world.services.vault, world.sandbox, {
    userId: who.userId,
    expiresInSeconds,
  });

describe("the machine tRPC router at /trpc", () => {
  it("answers me.whoami for the key's workspace, through @adsconnect/client given the service's origin", async () => {
    await expect(clientOf(world.owner.apiKey).me.whoami.query()).resolves.toEqual({
      workspace: { id: world.owner.workspaceId, name: "Personal", kind: "personal" },
      apiKey: {
        id: world.owner.apiKeyId,
        name: "app owner's app",
        prefix: world.owner.apiKey.slice(0, 12),
        permissions: ["accounts:read", "tokens:read", "ads:proxy"],
        accountIds: null,
        expiresAt: null,
      },
    });
  });

  it("hands out a fresh token, refreshes one that has run out inline (once, at the sandbox), and refuses one needing reauthorization", async () => {
    const client = clientOf(world.owner.apiKey);
    const fresh = await accountOf(world.owner, 3600);
    await expect(client.tokens.getAccessToken.query({ accountId: fresh.id })).resolves.toEqual({
      accessToken: fresh.accessToken,
      expiresAt: expect.any(Date),
      clientId: world.sandbox.clientId,
      region: "NA",
      adsApiUrl: world.sandbox.baseUrl("na"),
      regions: {
        na: { adsApiUrl: world.sandbox.baseUrl("na") },
        eu: { adsApiUrl: world.sandbox.baseUrl("eu") },
        fe: { adsApiUrl: world.sandbox.baseUrl("fe") },
      },
      profile: null,
    });

    // Run out: the caller waits for the refresh (one still valid would be handed out as it is
    // while Amazon is asked in the background: inline-refresh-load.test.ts).
    const expiring = await accountOf(world.owner, -30);
    const before = (await world.sandbox.admin.counters()).token.refresh_token;
    const renewed = await client.tokens.getAccessToken.query({ accountId: expiring.id });
    expect((await world.sandbox.admin.counters()).token.refresh_token).toBe(before + 1);
    expect(renewed.accessToken).not.toBe(expiring.accessToken);
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3000_000);

    await world.services.db.amazonAccount.update({
      where: { id: fresh.id },
      data: { status: "reauth_required" },
    });
    const refused = (await client.tokens.getAccessToken
      .query({ accountId: fresh.id })
      .catch((error: unknown) => error)) as TRPCClientError<MachineRouter>;
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect(refused.data?.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toMatch(/reconnect/);
  });

  it("refuses another person's account as if it did not exist", async () => {
    const other = await person(world.services, "someone else");
    const theirs = await accountOf(other, 3600);
    const refused = (await clientOf(world.owner.apiKey)
      .tokens.getAccessToken.query({ accountId: theirs.id })
      .catch((error: unknown) => error)) as TRPCClientError<MachineRouter>;
    expect(refused.data?.code).toBe("NOT_FOUND");
  });

  it("answers 401 with the API key message without a key, with an unknown key, and with cookies beside a valid key", async () => {
    for (const headers of [
      {},
      { authorization: "Bearer adc_AAAAAAAA_notarealkeynotarealkeynotarealkeynotarea" },
      { authorization: `Bearer ${world.owner.apiKey}`, cookie: "__session=a-browser-session" },
    ] as Record<string, string>[]) {
      const response = await fetch(`${world.api.url}/trpc/me.whoami`, { headers });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: { json: { message: string } } };
      expect(body.error.json.message).toBe(
        "Send an active API key as `Authorization: Bearer <key>`.",
      );
    }
  });

  it("enforces the key's scope: 403 naming a missing permission, 401 saying a key expired", async () => {
    const scoped = await person(world.services, "scoped");
    const account = await accountOf(scoped, 3600);
    await world.services.pool.query(
      "UPDATE api_keys SET permissions = '{accounts:read}' WHERE workspace_id = $1",
      [scoped.workspaceId],
    );
    const client = clientOf(scoped.apiKey);
    await expect(client.accounts.get.query({ accountId: account.id })).resolves.toMatchObject({
      id: account.id,
      status: "active",
    });
    const input = encodeURIComponent(JSON.stringify({ json: { accountId: account.id } }));
    const forbidden = await fetch(`${world.api.url}/trpc/tokens.getAccessToken?input=${input}`, {
      headers: { authorization: `Bearer ${scoped.apiKey}` },
    });
    expect(forbidden.status).toBe(403);
    const refusal = (await forbidden.json()) as { error: { json: { message: string } } };
    expect(refusal.error.json.message).toContain('"tokens:read"');
    expect(JSON.stringify(refusal)).not.toContain("Atza|");

    await world.services.pool.query(
      "UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE workspace_id = $1",
      [scoped.workspaceId],
    );
    const expired = await fetch(`${world.api.url}/trpc/me.whoami`, {
      headers: { authorization: `Bearer ${scoped.apiKey}` },
    });
    expect(expired.status).toBe(401);
    const body = (await expired.json()) as { error: { json: { message: string } } };
    expect(body.error.json.message).toMatch(/^This API key expired at .*Create a new one/);
  });

  it("has none of the dashboard's procedures", async () => {
    const response = await fetch(`${world.api.url}/trpc/apiKeys.list`, {
      headers: { authorization: `Bearer ${world.owner.apiKey}` },
    });
    expect(response.status).toBe(404);
  });
});

describe("the Ads API proxy at /ads", () => {
  it("calls the sandbox's Ads API with the account's token and the profile's scope, never the caller's key", async () => {
    const seller = await createAccount(world.services.pool, world.services.vault, world.sandbox, {
      userId: world.owner.userId,
      expiresInSeconds: 3600,
      amazonUserId: SELLER_AMAZON_USER,
    });
    await world.sandbox.admin.clearRequests();
    const response = await fetch(
      `${world.api.url}/ads/${seller.id}/na/sp/campaigns/list?profileId=${SELLER_US_PROFILE}`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${world.owner.apiKey}`,
          "content-type": "application/vnd.spCampaign.v3+json",
          accept: "application/vnd.spCampaign.v3+json",
        },
        body: JSON.stringify({ maxResults: 10 }),
      },
    );
    expect(response.status).toBe(200);
    const page = (await response.json()) as { campaigns: unknown[]; nextToken?: string };
    expect(page.campaigns).toHaveLength(10);
    expect(page.nextToken).toEqual(expect.any(String));

    const [forwarded] = await world.sandbox.admin.requests(1);
    expect(forwarded).toMatchObject({
      method: "POST",
      path: "/sp/campaigns/list",
      authorization: "valid",
      amazonHeaders: expect.objectContaining({
        "amazon-advertising-api-scope": SELLER_US_PROFILE,
        "amazon-advertising-api-clientid": world.sandbox.clientId,
      }),
    });
    expect(JSON.stringify(forwarded)).not.toContain(world.owner.apiKey);
  });

  it("serves @adsconnect/client's ads.fetch, the answer streamed back as a standard Response", async () => {
    const app = await person(world.services, "ads client");
    const seller = await createAccount(world.services.pool, world.services.vault, world.sandbox, {
      userId: app.userId,
      expiresInSeconds: 3600,
      amazonUserId: SELLER_AMAZON_USER,
    });
    const response = await clientOf(app.apiKey).ads.fetch(seller.id, "v2/profiles", {
      region: "na",
    });
    expect(response.status).toBe(200);
    // Raw text: profile ids are int64 JSON numbers, which JSON.parse would round.
    expect(await response.text()).toContain(`"profileId":${SELLER_US_PROFILE}`);
  });

  it("enforces the key's scope: 403 naming ads:proxy when it lacks it, 404 for an account outside its list", async () => {
    const scoped = await person(world.services, "proxy scope");
    const account = await accountOf(scoped, 3600);
    const other = await accountOf(scoped, 3600);
    const call = () =>
      fetch(`${world.api.url}/ads/${account.id}/na/v2/profiles`, {
        headers: { authorization: `Bearer ${scoped.apiKey}` },
      });
    expect((await call()).status).toBe(200);

    await world.services.pool.query(
      "UPDATE api_keys SET permissions = '{accounts:read,tokens:read}' WHERE workspace_id = $1",
      [scoped.workspaceId],
    );
    // The proxy remembers a key's principal briefly (ADS_PROXY_CACHE_TTL_MS, 2 s by default).
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const forbidden = await call();
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { message: string } }).error.message).toContain(
      "ads:proxy",
    );

    await world.services.pool.query(
      "UPDATE api_keys SET permissions = '{ads:proxy}', account_ids = $2 WHERE workspace_id = $1",
      [scoped.workspaceId, [other.id]],
    );
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const hidden = await call();
    expect(hidden.status).toBe(404);
    expect(((await hidden.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("refuses a call without an API key, naming what to send", async () => {
    const response = await fetch(`${world.api.url}/ads/${world.owner.userId}/na/v2/profiles`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /API key/,
    );
  });
});

describe("GET /health", () => {
  it("is 200 with the verdict alone when the process serves and reaches PostgreSQL, every migration applied", async () => {
    const response = await fetch(`${world.api.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok", migrations: "ok" });
    expect((await fetch(`${world.api.url}/health`, { method: "HEAD" })).status).toBe(200);
  });

  it("is 503, naming no host or error, when PostgreSQL is out of reach", async () => {
    const cut = await startApiService({
      ...world.env,
      DATABASE_URL: "postgresql://adsconnect:secret-password@127.0.0.1:9/adsconnect",
    });
    try {
      const response = await fetch(`${cut.url}/health`);
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        status: "unavailable",
        database: "unreachable",
        migrations: "unknown",
      });
      expect(text).not.toMatch(/127\.0\.0\.1|secret-password|ECONNREFUSED/);
    } finally {
      await cut.stop();
    }
  });

  it("is 503, naming the migration, when the database lacks one in prisma/migrations", async () => {
    const lagging = await cloneTestDatabase();
    const { rows } = await world.services.pool.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`,
    );
    const latest = rows[0]!.migration_name;
    const pool = createPool(lagging.url, { applicationName: "api-test", onError: () => {} });
    await pool.query(`DELETE FROM _prisma_migrations WHERE migration_name = $1`, [latest]);
    await pool.end();
    const cut = await startApiService({ ...world.env, DATABASE_URL: lagging.url });
    try {
      const response = await fetch(`${cut.url}/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: "unavailable",
        database: "ok",
        migrations: "pending",
        pendingMigrations: [latest],
      });
    } finally {
      await cut.stop();
      await lagging.drop();
    }
  });
});

describe("GET /metrics", () => {
  it("is 404 when METRICS_TOKEN is unset (metrics off), even with a bearer", async () => {
    const response = await fetch(`${world.api.url}/metrics`, {
      headers: { authorization: "Bearer some-token-0123456789" },
    });
    expect(response.status).toBe(404);
  });
});

describe("any other path", () => {
  it.each(["/", "/api/trpc/me.whoami", "/adsx/v2/profiles", "/trpcx/me.whoami", "/healthz"])(
    "%s is 404 JSON telling the URL scheme",
    async (path) => {
      const response = await fetch(`${world.api.url}${path}`, {
        headers: { authorization: `Bearer ${world.owner.apiKey}` },
      });
      expect(response.status).toBe(404);
      const body = (await response.json()) as {
        error: { message: string; urlScheme: { path: string }[] };
      };
      expect(body.error.message).toContain(`Nothing is served at ${path}`);
      expect(body.error.message).toContain("http://api.adsconnect.test/trpc/<procedure>");
      expect(body.error.urlScheme.map((route) => route.path)).toEqual([
        "/trpc/<procedure>",
        "/ads/<accountId>/<na|eu|fe>/<Ads API path>",
        "/health",
        "/metrics",
      ]);
    },
  );
});

it("never logs a key or a token", async () => {
  const account = await accountOf(world.owner, 3600);
  await clientOf(world.owner.apiKey).tokens.getAccessToken.query({ accountId: account.id });
  expect(world.api.output()).toContain('"msg":"api listening"');
  expect(world.api.output()).not.toContain(world.owner.apiKey.slice(13));
  expect(world.api.output()).not.toContain(account.accessToken);
  expect(world.api.output()).not.toContain(account.refreshToken);
});

describe("on SIGTERM", () => {
  it("answers the hand-out in flight, closes kept-alive connections and exits 0", async () => {
    const draining = await startApiService(world.env);
    try {
      // A kept-alive idle connection, which must not hold the process open.
      const port = Number(new URL(draining.url).port);
      const idle = await new Promise<number>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port, path: "/health", agent: undefined });
        req.setHeader("connection", "keep-alive");
        req.on("response", (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
      expect(idle).toBe(200);

      // A hand-out whose inline refresh is still at Amazon when SIGTERM comes (its token has
      // run out, so it waits for the refresh).
      const account = await accountOf(world.owner, -30);
      await world.sandbox.admin.setLatency({ tokenMs: 1500 });
      const inFlight = clientOf(world.owner.apiKey).tokens.getAccessToken.query({
        accountId: account.id,
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      const stopped = draining.stop();
      const grant = await inFlight;
      expect(grant.accessToken).not.toBe(account.accessToken);
      expect(await stopped).toBe(0);
      // It accepts nothing more.
      await expect(fetch(`${draining.url}/health`)).rejects.toThrow();
    } finally {
      await world.sandbox.admin.setLatency({ tokenMs: 0 });
      await draining.stop();
    }
    expect(draining.output()).toContain('"msg":"api stopping"');
    expect(draining.output()).toContain('"msg":"api stopped"');
  });
});
