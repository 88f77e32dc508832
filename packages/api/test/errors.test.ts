import type { Db } from "@adsconnect/db/client";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDashboardContext, createDashboardHandler } from "../src/dashboard";
import { GENERIC_ERROR_MESSAGE, type DashboardRouter } from "../src/index";
import {
  captureLogger,
  createActor,
  createTestServices,
  serveFetchHandler,
  sessionHeaders,
  startTestApi,
  type TestActor,
  type TestApi,
} from "../src/testing";
import { callerFor, caught, openDb } from "./support/callers";

/** What a database outage looks like from a procedure: an error whose message holds internal detail. */
const INTERNAL_DETAIL = "connect ECONNREFUSED 10.1.2.3:5432 (db-primary.internal)";
const brokenDb = new Proxy({} as Db, {
  get: () =>
    new Proxy(() => undefined, {
      get: () => () => Promise.reject(new Error(INTERNAL_DETAIL)),
      apply: () => Promise.reject(new Error(INTERNAL_DETAIL)),
    }),
});

let db: Db;
let api: TestApi;
let owner: TestActor;
const log = captureLogger();
beforeAll(async () => {
  db = openDb();
  api = await startTestApi({ db, logger: log.logger });
  owner = await createActor(db);
});
afterAll(async () => {
  await api.close();
  await db.$disconnect();
});

function clientAt(url: string, headers: Record<string, string>) {
  return createTRPCClient<DashboardRouter>({
    links: [httpLink({ url, transformer: superjson, headers })],
  });
}

/** The raw JSON body of a tRPC call over HTTP, to see exactly what a caller receives. */
async function rawCall(
  url: string,
  path: string,
  init: { input?: unknown; headers?: Record<string, string>; mutation?: boolean },
) {
  const body = init.input === undefined ? undefined : JSON.stringify({ json: init.input });
  const response = init.mutation
    ? await fetch(`${url}/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...init.headers },
        body: body ?? "{}",
      })
    : await fetch(`${url}/${path}${body ? `?input=${encodeURIComponent(body)}` : ""}`, {
        headers: init.headers ?? {},
      });
  return { status: response.status, text: await response.text() };
}

describe("input errors", () => {
  it("are BAD_REQUEST, with a message naming the field and field errors in data", async () => {
    const client = clientAt(api.dashboardUrl, sessionHeaders(owner.session));
    const error = await caught(client.apiKeys.create.mutate({ name: " " }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe("name: must be 1–64 characters");
    expect(error.data).toMatchObject({
      httpStatus: 400,
      path: "apiKeys.create",
      zodError: { formErrors: [], fieldErrors: { name: ["must be 1–64 characters"] } },
    });
  });

  it("name the input itself when it is not an object at all", async () => {
    const error = await caught(callerFor(db, owner).apiKeys.create("reporting" as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/^input: /);
  });

  it("carry no zodError for errors that are not about input", async () => {
    const client = clientAt(api.dashboardUrl, {});
    const error = await caught(client.apiKeys.list.query());
    expect(error).toMatchObject({ code: "UNAUTHORIZED", data: { zodError: null } });
  });
});

describe("unexpected errors", () => {
  it("read as a generic message over HTTP and are logged server-side with their stack", async () => {
    const logs = captureLogger();
    const broken = await startTestApi({ db: brokenDb, logger: logs.logger });
    try {
      const error = await caught(
        clientAt(broken.dashboardUrl, sessionHeaders(owner.session)).me.get.query(),
      );
      expect(error).toMatchObject({
        code: "INTERNAL_SERVER_ERROR",
        message: GENERIC_ERROR_MESSAGE,
      });
      expect(JSON.stringify(error)).not.toContain("ECONNREFUSED");

      const logged = logs.entries().find((entry) => entry.msg === "procedure failed");
      expect(logged).toMatchObject({
        level: 50,
        path: "me.get",
        type: "query",
        err: { message: INTERNAL_DETAIL },
      });
      expect((logged?.err as { stack?: string }).stack).toContain("Error: " + INTERNAL_DETAIL);
    } finally {
      await broken.close();
    }
  });

  it("show their message when the context opts in (development), never their stack", async () => {
    const broken = await startTestApi({
      db: brokenDb,
      logger: captureLogger().logger,
      exposeErrorDetails: true,
    });
    try {
      const { status, text } = await rawCall(broken.dashboardUrl, "me.get", {
        headers: sessionHeaders(owner.session),
      });
      expect(status).toBe(500);
      expect(text).toContain(INTERNAL_DETAIL);
      expect(text).not.toMatch(/stack|\n\s+at |at .*\.ts:\d+/);
    } finally {
      await broken.close();
    }
  });

  it("in createContext read as a generic message and are logged by the fetch handler", async () => {
    const logs = captureLogger();
    const server = await serveFetchHandler(
      createDashboardHandler({
        endpoint: "/api/trpc",
        apiUrl: "http://api.adsconnect.test",
        appUrl: "http://app.adsconnect.test",
        logger: logs.logger,
        createContext: () => Promise.reject(new Error(`session lookup failed: ${INTERNAL_DETAIL}`)),
      }),
    );
    try {
      const { status, text } = await rawCall(`${server.origin}/api/trpc`, "me.get", {});
      expect(status).toBe(500);
      expect(JSON.parse(text)).toMatchObject({
        error: { json: { message: GENERIC_ERROR_MESSAGE } },
      });
      expect(text).not.toContain("ECONNREFUSED");
      expect(logs.entries()).toContainEqual(
        expect.objectContaining({ msg: "trpc request failed", level: 50 }),
      );
    } finally {
      await server.close();
    }
  });

  it("stay as thrown for in-process callers (server code), but are still logged", async () => {
    const logs = captureLogger();
    const caller = callerFor(brokenDb, { session: owner.session }, logs.logger);
    expect(await caught(caller.me.get())).toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ msg: "procedure failed", path: "me.get" }),
    );
  });
});

describe("error responses", () => {
  const cases: [string, Parameters<typeof rawCall>[2] & { path: string }, number][] = [
    ["UNAUTHORIZED", { path: "me.get" }, 401],
    ["BAD_REQUEST", { path: "apiKeys.create", mutation: true, input: { name: "" } }, 400],
    [
      "NOT_FOUND (no such key)",
      {
        path: "apiKeys.revoke",
        mutation: true,
        input: { id: "0190a0a0-0000-7000-8000-000000000000" },
      },
      404,
    ],
    ["NOT_FOUND (no such procedure)", { path: "secrets.dump" }, 404],
  ];

  it.each(cases)("carry no stack trace: %s", async (_case, { path, ...init }, status) => {
    const response = await rawCall(api.dashboardUrl, path, {
      ...init,
      headers: path === "me.get" ? {} : sessionHeaders(owner.session),
    });
    expect(response.status).toBe(status);
    expect(response.text).not.toMatch(/"stack"|\n\s+at |node_modules|\.ts:\d+/);
  });

  it("list exactly message, code and data (code, httpStatus, path, zodError)", async () => {
    const { text } = await rawCall(api.dashboardUrl, "me.get", {});
    const { error } = JSON.parse(text) as { error: { json: Record<string, unknown> } };
    expect(Object.keys(error.json).sort()).toEqual(["code", "data", "message"]);
    expect(Object.keys(error.json.data as object).sort()).toEqual([
      "code",
      "httpStatus",
      "path",
      "zodError",
    ]);
  });
});

it("createDashboardContext defaults to hiding details", () => {
  const ctx = createDashboardContext({
    services: createTestServices({ db, logger: log.logger }),
    session: null,
  });
  expect(ctx.exposeErrorDetails).toBe(false);
});
