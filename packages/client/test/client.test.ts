import { createDb, type Db } from "@adsconnect/db/client";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import {
  captureLogger,
  createActor,
  startTestApi,
  type TestActor,
  type TestApi,
} from "@adsconnect/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  createAdsConnectClient,
  MAX_BATCH_SIZE,
  resolveApiUrl,
  TRPCClientError,
  type MachineRouter,
} from "../src/index";

describe("resolveApiUrl", () => {
  it.each([
    ["https://api.ads.example.com", "https://api.ads.example.com/trpc"],
    ["https://api.ads.example.com/", "https://api.ads.example.com/trpc"],
    ["https://api.ads.example.com/trpc", "https://api.ads.example.com/trpc"],
    ["https://api.ads.example.com/trpc/", "https://api.ads.example.com/trpc"],
    ["http://127.0.0.1:3001", "http://127.0.0.1:3001/trpc"],
    ["https://example.com/adsconnect", "https://example.com/adsconnect/trpc"],
  ])("turns %s into %s", (url, expected) => {
    expect(resolveApiUrl(url)).toBe(expected);
  });
});

// The machine router served over node:http through the bridge and handler apps/api mounts
// (@adsconnect/api/testing); apps/api's own tests run the client against the service itself.
describe("createAdsConnectClient against the machine API over HTTP", () => {
  let db: Db;
  let api: TestApi;
  let app: TestActor;
  beforeAll(async () => {
    db = createDb(testDatabaseUrl(), { max: 4 });
    api = await startTestApi({ db, logger: captureLogger().logger });
    app = await createActor(db, "reporting");
  });
  afterAll(async () => {
    await api.close();
    await db.$disconnect();
  });

  it("calls me.whoami with the key, given the machine API's origin (API_URL)", async () => {
    const client = createAdsConnectClient({ url: api.origin, apiKey: app.apiKey });
    await expect(client.me.whoami.query()).resolves.toEqual({
      workspace: { id: app.workspaceId, name: "Personal", kind: "personal" },
      apiKey: {
        id: app.apiKeyId,
        name: "reporting's app",
        prefix: app.apiKey.slice(0, 12),
        permissions: ["accounts:read", "tokens:read", "ads:proxy"],
        accountIds: null,
        expiresAt: null,
      },
    });
  });

  it("accepts the full /trpc URL as well", async () => {
    const client = createAdsConnectClient({ url: `${api.machineUrl}/`, apiKey: app.apiKey });
    await expect(client.me.whoami.query()).resolves.toMatchObject({
      workspace: { id: app.workspaceId },
    });
  });

  it("batches concurrent calls into one request through the given fetch, with the key as a bearer", async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    const client = createAdsConnectClient({
      url: api.origin,
      apiKey: app.apiKey,
      fetch: (input, init) => {
        seen.push({
          url: String(input),
          authorization: new Headers(init?.headers).get("authorization"),
        });
        return fetch(input, init);
      },
    });
    const [first, second] = await Promise.all([client.me.whoami.query(), client.me.whoami.query()]);
    expect(first).toEqual(second);
    expect(seen).toEqual([
      {
        url: expect.stringMatching(
          new RegExp(`^${api.origin}/trpc/me\\.whoami,me\\.whoami\\?batch=1(&|$)`),
        ),
        authorization: `Bearer ${app.apiKey}`,
      },
    ]);
  });

  it(`sends more than ${MAX_BATCH_SIZE} concurrent calls as several batches the machine API accepts`, async () => {
    const batches: number[] = [];
    const client = createAdsConnectClient({
      url: api.origin,
      apiKey: app.apiKey,
      fetch: (input, init) => {
        batches.push(new URL(String(input)).pathname.split(",").length);
        return fetch(input, init);
      },
    });
    const answers = await Promise.all(
      Array.from({ length: MAX_BATCH_SIZE + 10 }, () => client.me.whoami.query()),
    );
    expect(answers).toHaveLength(MAX_BATCH_SIZE + 10);
    expect(batches.sort((a, b) => b - a)).toEqual([MAX_BATCH_SIZE, 10]);
  });

  it("rejects a revoked key with a TRPCClientError whose code is UNAUTHORIZED", async () => {
    const revoked = await createActor(db, "retired");
    await db.apiKey.update({ where: { id: revoked.apiKeyId }, data: { revokedAt: new Date() } });
    const client = createAdsConnectClient({ url: api.origin, apiKey: revoked.apiKey });

    const error: unknown = await client.me.whoami.query().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCClientError);
    const typed = error as TRPCClientError<MachineRouter>;
    expect(typed.data?.code).toBe("UNAUTHORIZED");
    expect(typed.data?.httpStatus).toBe(401);
    expect(typed.message).toBe("Send an active API key as `Authorization: Bearer <key>`.");
  });

  it("cannot reach what only a signed-in person may do: the machine API has no such procedure", async () => {
    const client = createAdsConnectClient({ url: api.origin, apiKey: app.apiKey });
    const dashboardOnly = (
      client as unknown as { apiKeys: { list: { query(): Promise<unknown> } } }
    ).apiKeys.list;
    const error = (await dashboardOnly
      .query()
      .catch((caught: unknown) => caught)) as TRPCClientError<MachineRouter>;
    expect(error.data?.code).toBe("NOT_FOUND");
  });

  it("pointed at the web app's /api/trpc by mistake, is told where the machine API is", async () => {
    const client = createAdsConnectClient({ url: api.dashboardUrl, apiKey: app.apiKey });
    const error = (await client.me.whoami
      .query()
      .catch((caught: unknown) => caught)) as TRPCClientError<MachineRouter>;
    expect(error.data?.code).toBe("UNAUTHORIZED");
    expect(error.message).toContain("/trpc (API_URL)");
  });

  it("refuses to be built without a key", () => {
    expect(() => createAdsConnectClient({ url: api.origin, apiKey: "" })).toThrow(
      /apiKey is required/,
    );
  });
});
