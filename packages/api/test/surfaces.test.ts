// One surface per kind of caller, over HTTP: the dashboard's handler refuses any bearer before
// it reads a session, naming the machine API; the machine handler judges a request by its API
// key alone and refuses one that carries cookies. (Which procedures each router has, and whom
// each serves, is test/isolation-matrix.test.ts.)
import type { Db } from "@adsconnect/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  bearerRefusalMessage,
  createDashboardContext,
  createDashboardHandler,
  FOREIGN_ORIGIN_MESSAGE,
  JSON_ONLY_MESSAGE,
  presentsBearer,
} from "../src/dashboard";
import { API_KEY_MESSAGE } from "../src/index";
import {
  captureLogger,
  createActor,
  createTestServices,
  serveFetchHandler,
  startTestApi,
  TEST_API_URL,
  type TestActor,
  type TestApi,
  type TestServer,
} from "../src/testing";
import { openDb } from "./support/callers";

let db: Db;
let api: TestApi;
let owner: TestActor;
beforeAll(async () => {
  db = openDb();
  api = await startTestApi({ db, logger: captureLogger().logger });
  owner = await createActor(db, "owner");
});
afterAll(async () => {
  await api.close();
  await db.$disconnect();
});

describe("presentsBearer", () => {
  it.each([
    "Bearer adc_x",
    "bearer adc_x",
    "BEARER adc_x",
    "Bearer adc_x y",
    "Bearer\tadc_x",
    "Bearer",
    "Bearer ",
    "  Bearer adc_x",
    "Basic dXNlcjpwYXNz, Bearer adc_x",
    "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
  ])("sees a bearer in %j", (authorization) => {
    expect(presentsBearer(new Headers({ authorization }))).toBe(true);
  });

  it.each(["Basic dXNlcjpwYXNz", "Bearerish adc_x", "adc_x", "", "Token Bearer"])(
    "sees none in %j",
    (authorization) => {
      expect(presentsBearer(new Headers({ authorization }))).toBe(false);
    },
  );

  it("sees none without an Authorization header", () => {
    expect(presentsBearer(new Headers())).toBe(false);
  });
});

describe("the dashboard's handler", () => {
  let sessionsRead = 0;
  let server: TestServer;
  beforeAll(async () => {
    const services = createTestServices({ db });
    server = await serveFetchHandler(
      createDashboardHandler({
        endpoint: "/api/trpc",
        apiUrl: "https://api.adsconnect.example/",
        appUrl: "http://app.adsconnect.test",
        logger: captureLogger().logger,
        createContext: () => {
          sessionsRead++;
          return createDashboardContext({ services, session: owner.session });
        },
      }),
    );
  });
  afterAll(() => server.close());

  it("refuses a bearer with 401, naming the machine API, before reading any session", async () => {
    const before = sessionsRead;
    const response = await fetch(`${server.origin}/api/trpc/me.get`, {
      headers: { authorization: `Bearer ${owner.apiKey}` },
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as {
      error: { json: { message: string; data: { code: string; httpStatus: number } } };
    };
    expect(body.error.json).toMatchObject({
      message: bearerRefusalMessage("https://api.adsconnect.example"),
      data: { code: "UNAUTHORIZED", httpStatus: 401 },
    });
    expect(body.error.json.message).toContain("https://api.adsconnect.example/trpc");
    expect(sessionsRead).toBe(before);
  });

  it("refuses every call of a batch the same way", async () => {
    const response = await fetch(`${server.origin}/api/trpc/me.get,apiKeys.list?batch=1`, {
      headers: { authorization: "bearer adc_x" },
    });
    expect(response.status).toBe(401);
    const calls = (await response.json()) as { error: { json: { data: { code: string } } } }[];
    expect(calls.map((call) => call.error.json.data.code)).toEqual([
      "UNAUTHORIZED",
      "UNAUTHORIZED",
    ]);
  });

  it("refuses a mutation that is not JSON (415) or that a browser sent from another origin (403), before reading any session", async () => {
    const before = sessionsRead;
    const mutation = (headers: Record<string, string>, body: FormData | string) =>
      fetch(`${server.origin}/api/trpc/apiKeys.revoke`, { method: "POST", headers, body });
    const form = new FormData();
    form.set("id", "00000000-0000-0000-0000-000000000000");
    const json = JSON.stringify({ json: { id: "00000000-0000-0000-0000-000000000000" } });
    for (const [headers, body] of [
      [{}, form],
      [{ "content-type": "text/plain" }, json],
      [{ "content-type": "application/octet-stream" }, json],
    ] as const) {
      const response = await mutation(headers, body);
      expect(response.status).toBe(415);
      expect(await response.text()).toContain(JSON_ONLY_MESSAGE);
    }
    const foreign: Record<string, string>[] = [
      { origin: "http://evil.example" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: "http://app.adsconnect.test", "sec-fetch-site": "same-site" },
    ];
    for (const headers of foreign) {
      const response = await mutation({ ...headers, "content-type": "application/json" }, json);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      const body = (await response.json()) as {
        error: { json: { message: string; data: { code: string } } };
      };
      expect(body.error.json).toMatchObject({
        message: FOREIGN_ORIGIN_MESSAGE,
        data: { code: "FORBIDDEN" },
      });
    }
    expect(sessionsRead).toBe(before);
    // The app's own page, and a caller that is no browser, are served.
    const served: Record<string, string>[] = [
      { origin: "http://app.adsconnect.test", "sec-fetch-site": "same-origin" },
      { "sec-fetch-site": "same-origin" },
      {},
    ];
    for (const headers of served) {
      const response = await mutation(
        { ...headers, "content-type": "application/json; charset=utf-8" },
        json,
      );
      expect([403, 415]).not.toContain(response.status);
    }
  });

  it("serves the session the app resolved when no bearer is sent (a Basic header is no bearer)", async () => {
    const response = await fetch(`${server.origin}/api/trpc/me.get`, {
      headers: { authorization: "Basic dXNlcjpwYXNz" },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(owner.userId);
  });
});

describe("the test API's dashboard", () => {
  it("names API_URL to a bearer", async () => {
    const response = await fetch(`${api.dashboardUrl}/me.get`, {
      headers: { authorization: `Bearer ${owner.apiKey}` },
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain(`${TEST_API_URL}/trpc`);
  });
});

describe("the machine handler", () => {
  it("serves an active key", async () => {
    const response = await fetch(`${api.machineUrl}/me.whoami`, {
      headers: { authorization: `Bearer ${owner.apiKey}` },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(owner.workspaceId);
  });

  it("refuses an active key sent with cookies (a browser's request), with the API key message", async () => {
    const response = await fetch(`${api.machineUrl}/me.whoami`, {
      headers: { authorization: `Bearer ${owner.apiKey}`, cookie: "__session=anything" },
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { json: { message: string } } };
    expect(body.error.json.message).toBe(API_KEY_MESSAGE);
  });

  it("has none of the dashboard's procedures", async () => {
    const response = await fetch(`${api.machineUrl}/apiKeys.list`, {
      headers: { authorization: `Bearer ${owner.apiKey}` },
    });
    expect(response.status).toBe(404);
  });
});
