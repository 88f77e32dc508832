import { startApiService, type ApiService } from "@adsconnect/api-service/testing";
import { localUserIdForEmail } from "@adsconnect/auth";
import { createAdsConnectClient } from "@adsconnect/client";
import { createDb } from "@adsconnect/db/client";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { driveConsent, startSandboxProcess, type SandboxProcess } from "@adsconnect/test-sandbox";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CookieJar } from "./support/cookies";
import { localAuthEnv } from "./support/environments";
import { freePort, startWebServer, type WebServer } from "./support/web-server";

/**
 * The connect flow as a browser drives it, over HTTP against the production
 * build and the sandbox: sign in, start a connection through tRPC, Amazon's
 * consent page, the callback, the account page. Then what an internal app
 * does with a key created there: call the machine API (apps/api, started as
 * Railway starts it, on the same database and keys) with the typed client.
 */
let web: WebServer;
let api: ApiService;
let sandbox: SandboxProcess;

beforeAll(async () => {
  const port = await freePort();
  sandbox = await startSandboxProcess({
    redirectUris: [`http://localhost:${port}/api/amazon/callback`],
  });
  const env = localAuthEnv({
    AMAZON_BASE_URL: sandbox.baseUrlTemplate,
    AMAZON_CLIENT_ID: sandbox.clientId,
    AMAZON_CLIENT_SECRET: sandbox.clientSecret,
  });
  web = await startWebServer(env, { port });
  api = await startApiService({
    DATABASE_URL: env.DATABASE_URL!,
    ENCRYPTION_KEYS: env.ENCRYPTION_KEYS!,
    AMAZON_BASE_URL: sandbox.baseUrlTemplate,
    AMAZON_CLIENT_ID: sandbox.clientId,
    AMAZON_CLIENT_SECRET: sandbox.clientSecret,
    API_URL: env.API_URL!,
  });
});
afterAll(async () => {
  await web?.stop();
  await api?.stop();
  await sandbox?.stop();
});

async function signedIn(email: string) {
  const jar = new CookieJar();
  jar.absorb(
    await fetch(`${web.url}/api/local-auth/sign-in`, {
      method: "POST",
      headers: { origin: web.url },
      body: new URLSearchParams({ email }),
      redirect: "manual",
    }),
  );
  return jar;
}

async function trpcMutation(jar: CookieJar, path: string, input: unknown) {
  const response = await fetch(`${web.url}/api/trpc/${path}`, {
    method: "POST",
    headers: { cookie: jar.header(), "content-type": "application/json" },
    body: JSON.stringify({ json: input }),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      result?: { data: { json: unknown } };
      error?: { json: { message: string } };
    },
  };
}

/** Start → consent → callback, as the browser would follow the redirects. */
async function connect(
  jar: CookieJar,
  kind: "seller" | "vendor" | "agency" | "no-profiles",
  region: "NA" | "EU" | "FE",
  decision: "allow" | "cancel" = "allow",
) {
  const started = await trpcMutation(jar, "accounts.startConnection", { region });
  expect(started.status).toBe(200);
  const { authorizationUrl } = started.body.result!.data.json as { authorizationUrl: string };
  expect(new URL(authorizationUrl).pathname).toBe(`/${region.toLowerCase()}/ap/oa`);
  const amazonUser = await sandbox.admin.user(kind);
  const consent = await driveConsent(authorizationUrl, { userId: amazonUser.userId, decision });
  const callback = await fetch(consent.location, {
    headers: { cookie: jar.header() },
    redirect: "manual",
  });
  expect(callback.status).toBe(303);
  return { landing: new URL(callback.headers.get("location")!), amazonUser };
}

describe("connecting through the web app", () => {
  it("lands on the account's page showing its profiles in every region and its DSP advertisers", async () => {
    const jar = await signedIn("connect-web@example.com");
    for (const [kind, region] of [
      ["seller", "NA"],
      ["vendor", "FE"],
      ["agency", "EU"],
    ] as const) {
      const { landing, amazonUser } = await connect(jar, kind, region);
      expect(landing.pathname).toMatch(/^\/accounts\/[0-9a-f-]{36}$/);
      expect(landing.searchParams.get("connect")).toBe("connected");
      const page = await fetch(landing, { headers: { cookie: jar.header() } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("Account connected.");
      for (const profile of amazonUser.profiles) expect(html).toContain(profile.profileId);
      expect(html).not.toMatch(/Atz[ar]\||gAAAAA/);
    }
    const list = await fetch(`${web.url}/api/trpc/accounts.list`, {
      headers: { cookie: jar.header() },
    });
    const accounts = (
      (await list.json()) as { result: { data: { json: { regions: string[] }[] } } }
    ).result.data.json;
    expect(accounts).toHaveLength(3);
    expect(new Set(accounts.flatMap((account) => account.regions))).toEqual(
      new Set(["NA", "EU", "FE"]),
    );
  });

  it("shows a cancellation at Amazon as cancelled, and stores nothing", async () => {
    const jar = await signedIn("cancel-web@example.com");
    const { landing } = await connect(jar, "seller", "NA", "cancel");
    expect(landing.pathname).toBe("/accounts");
    expect(landing.searchParams.get("connect")).toBe("cancelled");
    const page = await (await fetch(landing, { headers: { cookie: jar.header() } })).text();
    expect(page).toContain("Connection cancelled at Amazon");
    expect(page).toContain("No accounts connected yet");
  });

  it("explains a replayed callback instead of connecting twice", async () => {
    const jar = await signedIn("replay-web@example.com");
    const started = await trpcMutation(jar, "accounts.startConnection", { region: "NA" });
    const { authorizationUrl } = started.body.result!.data.json as { authorizationUrl: string };
    const consent = await driveConsent(authorizationUrl, {
      userId: (await sandbox.admin.user("vendor")).userId,
    });
    await fetch(consent.location, { headers: { cookie: jar.header() }, redirect: "manual" });
    const replay = await fetch(consent.location, {
      headers: { cookie: jar.header() },
      redirect: "manual",
    });
    const landing = new URL(replay.headers.get("location")!);
    expect(landing.searchParams.get("connect")).toBe("failed");
    expect(landing.searchParams.get("reason")).toBe("used_state");
  });

  it("sends a signed-out callback to sign in, keeping the way back", async () => {
    const response = await fetch(`${web.url}/api/amazon/callback?state=abc&code=def`, {
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("redirect_url")).toBe(
      "/api/amazon/callback?state=abc&code=def",
    );
  });
});

describe("a shared workspace (local sign-in, the workspace cookie)", () => {
  it("a member sees the admin's account and reconnects it when it needs it, as the account's own Amazon user only", async () => {
    const db = createDb(testDatabaseUrl(), { max: 2 });
    try {
      const stamp = Date.now();
      const [adminEmail, memberEmail] = [
        `ws-admin-${stamp}@example.com`,
        `ws-member-${stamp}@example.com`,
      ];
      const admin = await signedIn(adminEmail);
      const member = await signedIn(memberEmail);
      // Their first requests make their users rows.
      for (const jar of [admin, member])
        await fetch(`${web.url}/api/trpc/me.get`, { headers: { cookie: jar.header() } });
      const workspace = await db.workspace.create({
        data: {
          kind: "local",
          name: `Acme ${stamp}`,
          memberships: {
            create: [
              { userId: localUserIdForEmail(adminEmail), role: "admin" },
              { userId: localUserIdForEmail(memberEmail), role: "member" },
            ],
          },
        },
      });
      for (const jar of [admin, member]) jar.set("adsconnect_workspace", workspace.id);

      const { landing } = await connect(admin, "seller", "NA");
      const accountId = landing.pathname.split("/").at(-1)!;
      expect(await db.amazonAccount.findUniqueOrThrow({ where: { id: accountId } })).toMatchObject({
        workspaceId: workspace.id,
        connectedById: localUserIdForEmail(adminEmail),
      });
      const page = await fetch(new URL(`/accounts/${accountId}`, web.url), {
        headers: { cookie: member.header() },
      });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`Connected by ${adminEmail}`);

      const reconnect = async (kind: "seller" | "vendor") => {
        const started = await trpcMutation(member, "accounts.startConnection", {
          region: "NA",
          accountId,
        });
        if (started.status !== 200) return { status: started.status, body: started.body };
        const { authorizationUrl } = started.body.result!.data.json as { authorizationUrl: string };
        const amazonUser = await sandbox.admin.user(kind);
        const consent = await driveConsent(authorizationUrl, { userId: amazonUser.userId });
        const callback = await fetch(consent.location, {
          headers: { cookie: member.header() },
          redirect: "manual",
        });
        return { status: callback.status, landing: new URL(callback.headers.get("location")!) };
      };
      // Working: only an admin may reconnect it.
      expect(await reconnect("seller")).toMatchObject({ status: 403 });

      await db.amazonAccount.update({
        where: { id: accountId },
        data: { status: "reauth_required" },
      });
      const wrong = await reconnect("vendor");
      expect(wrong.landing?.searchParams.get("reason")).toBe("wrong_amazon_user");
      expect((await db.amazonAccount.findUniqueOrThrow({ where: { id: accountId } })).status).toBe(
        "reauth_required",
      );
      const right = await reconnect("seller");
      expect(right.landing?.pathname).toBe(`/accounts/${accountId}`);
      expect(right.landing?.searchParams.get("connect")).toBe("reconnected");
      expect(await db.amazonAccount.findUniqueOrThrow({ where: { id: accountId } })).toMatchObject({
        status: "active",
        connectedById: localUserIdForEmail(memberEmail),
      });
    } finally {
      await db.$disconnect();
    }
  });
});

describe("when saving fails after Amazon accepted the code", () => {
  it("lands on the accounts page saying nothing was saved and to connect again; no account is stored", async () => {
    const db = createDb(testDatabaseUrl(), { max: 2 });
    const agency = await sandbox.admin.createGeneratedAgency({ profiles: 12, advertisers: 20 });
    const label = agency.userId.slice(-8);
    const fn = `web_fail_saves_${label.toLowerCase()}`;
    try {
      // A Postgres fault for this agency's profiles only, raised inside the save's transaction.
      await db.$executeRawUnsafe(`
        CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected save failure'; END $$`);
      await db.$executeRawUnsafe(`
        CREATE TRIGGER ${fn} BEFORE INSERT OR UPDATE ON advertising_profiles FOR EACH ROW
        WHEN (NEW.account_info_id LIKE '%GEN${label}%') EXECUTE FUNCTION ${fn}()`);
      const email = "save-fails-web@example.com";
      const jar = await signedIn(email);
      const started = await trpcMutation(jar, "accounts.startConnection", { region: "NA" });
      const { authorizationUrl } = started.body.result!.data.json as { authorizationUrl: string };
      const consent = await driveConsent(authorizationUrl, { userId: agency.userId });
      const callback = await fetch(consent.location, {
        headers: { cookie: jar.header() },
        redirect: "manual",
      });
      expect(callback.status).toBe(303);
      const landing = new URL(callback.headers.get("location")!);
      expect(landing.pathname).toBe("/accounts");
      expect(landing.searchParams.get("connect")).toBe("failed");
      expect(landing.searchParams.get("reason")).toBe("save_failed");
      const page = await (await fetch(landing, { headers: { cookie: jar.header() } })).text();
      expect(page).toContain("Nothing was saved; connect the account again");
      expect(page).not.toContain("injected save failure");
      const user = await db.user.findFirstOrThrow({ where: { email } });
      expect(
        await db.amazonAccount.count({ where: { workspace: { personalOwnerId: user.id } } }),
      ).toBe(0);
      expect(
        await db.auditEvent.count({ where: { workspace: { personalOwnerId: user.id } } }),
      ).toBe(0);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${fn} ON advertising_profiles`);
      await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${fn}()`);
      await db.$disconnect();
    }
  });
});

describe("the callback route, any query string (fast-check, fixed seed)", () => {
  const SEED = 20261201;
  /** Raw query text: known and unknown names, repeated, any Unicode, broken escapes, huge values. */
  const value = fc.oneof(
    { weight: 4, arbitrary: fc.string().map(encodeURIComponent) },
    {
      weight: 3,
      arbitrary: fc.string({ unit: "binary" }).map((v) => {
        try {
          return encodeURIComponent(v);
        } catch {
          return "%ED%A0%80"; // a lone surrogate cannot be percent-encoded; send its bytes
        }
      }),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "%ED%A0%80",
        "%00",
        "%ZZ",
        "%",
        "access_denied",
        "%3Cscript%3E",
        "a+b",
        "&&",
        "==",
        "%F0%9F%99%82".repeat(200),
      ),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 6000 }).map((n) => "x".repeat(n)) },
  );
  const name = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.constantFrom("state", "code", "error", "error_description", "scope"),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent) },
  );

  it("answers every query with a redirect (never a 500) and stores nothing", async () => {
    const db = createDb(testDatabaseUrl(), { max: 2 });
    try {
      const jar = await signedIn("fuzz-web@example.com");
      // Another person's real, pending states: presenting one must not burn it.
      const victim = await signedIn("fuzz-victim-web@example.com");
      const victimStates: string[] = [];
      for (let i = 0; i < 2; i += 1) {
        const started = await trpcMutation(victim, "accounts.startConnection", { region: "NA" });
        const { authorizationUrl } = started.body.result!.data.json as { authorizationUrl: string };
        victimStates.push(new URL(authorizationUrl).searchParams.get("state")!);
      }
      const users = await db.user.findMany({
        where: { email: { in: ["fuzz-web@example.com", "fuzz-victim-web@example.com"] } },
      });
      const ids = users.map((u) => u.id);
      const footprint = async () => ({
        accounts: await db.amazonAccount.count({
          where: { workspace: { personalOwnerId: { in: ids } } },
        }),
        profiles: await db.advertisingProfile.count({
          where: { account: { workspace: { personalOwnerId: { in: ids } } } },
        }),
        consumed: await db.oAuthState.count({
          where: { userId: { in: ids }, consumedAt: { not: null } },
        }),
        audit: await db.auditEvent.count({
          where: { workspace: { personalOwnerId: { in: ids } } },
        }),
      });
      const before = await footprint();
      const pair = fc.oneof(
        { weight: 6, arbitrary: fc.tuple(name, value) },
        {
          weight: 1,
          arbitrary: fc.tuple(fc.constant("state"), fc.constantFrom(...victimStates)),
        },
      );
      await fc.assert(
        fc.asyncProperty(fc.array(pair, { maxLength: 8 }), async (pairs) => {
          const query = pairs.map(([k, v]) => `${k}=${v}`).join("&");
          const response = await fetch(`${web.url}/api/amazon/callback?${query}`, {
            headers: { cookie: jar.header() },
            redirect: "manual",
          });
          expect(response.status, query.slice(0, 300)).toBeLessThan(500);
          if (response.status === 303) {
            const landing = new URL(response.headers.get("location")!);
            expect(landing.pathname).toBe("/accounts");
            expect(landing.searchParams.get("connect")).toBe("failed");
          }
        }),
        { seed: SEED, numRuns: 40 },
      );
      expect(await footprint()).toEqual(before);
    } finally {
      await db.$disconnect();
    }
  });
});

describe("API keys and the typed client, over HTTP", () => {
  it("a key created by a person works with the typed client against the machine API until it is revoked", async () => {
    const jar = await signedIn("keys-web@example.com");
    const created = await trpcMutation(jar, "apiKeys.create", { name: "reporting" });
    expect(created.status).toBe(200);
    const { key, apiKey } = created.body.result!.data.json as {
      key: string;
      apiKey: { id: string; prefix: string };
    };
    expect(key.startsWith("adc_")).toBe(true);

    const client = createAdsConnectClient({ url: api.url, apiKey: key });
    expect(await client.me.whoami.query()).toMatchObject({ apiKey: { prefix: apiKey.prefix } });

    // The web app has no API-key path: the same key there is refused, naming API_URL.
    const atWeb = await fetch(`${web.url}/api/trpc/me.whoami`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(atWeb.status).toBe(401);
    expect(await atWeb.text()).toContain("http://api.adsconnect.test/trpc");

    await trpcMutation(jar, "apiKeys.revoke", { id: apiKey.id });
    await expect(client.me.whoami.query()).rejects.toMatchObject({
      data: { code: "UNAUTHORIZED" },
    });
  });
});

describe("token hand-out to internal apps, through the machine API", () => {
  it("hands out a fresh token, refreshes one that ran out inline, and refuses one needing reauthorization", async () => {
    const db = createDb(testDatabaseUrl(), { max: 2 });
    try {
      const jar = await signedIn("handout-web@example.com");
      const { landing } = await connect(jar, "seller", "NA");
      const accountId = landing.pathname.split("/").pop()!;
      const created = await trpcMutation(jar, "apiKeys.create", { name: "hand-out" });
      const { key } = created.body.result!.data.json as { key: string };
      const client = createAdsConnectClient({ url: api.url, apiKey: key });

      const fresh = await client.tokens.getAccessToken.query({ accountId });
      expect(fresh).toMatchObject({ clientId: sandbox.clientId, region: "NA" });
      expect(fresh.accessToken).toMatch(/^Atza\|/);

      // Run out: the hand-out refreshes it inline, once, before answering (one still valid is
      // handed out as it is and renewed in the background: packages/tokens/README.md).
      await db.amazonAccount.update({
        where: { id: accountId },
        data: { accessTokenExpiresAt: new Date(Date.now() - 30_000) },
      });
      const before = (await sandbox.admin.counters()).token.refresh_token;
      const renewed = await client.tokens.getAccessToken.query({ accountId });
      expect((await sandbox.admin.counters()).token.refresh_token).toBe(before + 1);
      expect(renewed.accessToken).not.toBe(fresh.accessToken);
      expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3000_000);

      await db.amazonAccount.update({
        where: { id: accountId },
        data: { status: "reauth_required" },
      });
      await expect(client.tokens.getAccessToken.query({ accountId })).rejects.toMatchObject({
        data: { code: "PRECONDITION_FAILED" },
        message: expect.stringMatching(/reconnect/i),
      });
    } finally {
      await db.$disconnect();
    }
  });
});
