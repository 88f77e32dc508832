// What a caller sees when a domain package refuses: for every refusal a procedure can meet, the
// exact tRPC code, HTTP status and message, in-process and over HTTP. These were written against
// the per-procedure translations that the error boundary replaced, so they pin that nothing a
// client sees changed. (The kind → code table itself is tested in src/error-boundary.test.ts.)

import { randomUUID } from "node:crypto";

import { generateFernetKey, TokenVault } from "@adsconnect/vault";
import { describe, expect, it } from "vitest";

import { GENERIC_ERROR_MESSAGE } from "../src/index";
import {
  captureLogger,
  createActor,
  createTestAccount,
  createTestServices,
  startTestApi,
  type TestActor,
  type TestAccountOptions,
} from "../src/testing";
import { callerFor, caught, machineCallerFor } from "./support/callers";
import { dashboardOverHttp, machineOverHttp, useTestApi } from "./support/test-api";

const NO_SUCH_ACCOUNT = "You have no Amazon account with that id.";

// Amazon is port 9 here (nothing answers): a refresh fails as a network error.
const services = createTestServices();

const t = useTestApi({ services });

type Transport = "in-process" | "http";
const TRANSPORTS: Transport[] = ["in-process", "http"];

const HTTP_STATUS: Record<string, number> = {
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  PRECONDITION_FAILED: 412,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/**
 * The same routers either way: createCaller in this process, or HTTP clients of the test API.
 * Dashboard procedures are called with `who`'s session when `as` is "session", machine
 * procedures with `who`'s API key when `as` is "apiKey"; otherwise they present nothing.
 */
function clientFor(transport: Transport, who: TestActor | null, as: "session" | "apiKey") {
  const session = as === "session" ? (who?.session ?? null) : null;
  const apiKey = as === "apiKey" ? (who?.apiKey ?? null) : null;
  if (transport === "in-process") {
    const dashboard = callerFor(t.db, { session }, undefined, services);
    const machine = machineCallerFor(t.db, { apiKey }, undefined, services);
    return {
      getAccount: (accountId: string) => dashboard.accounts.get({ accountId }),
      disconnect: (accountId: string) => dashboard.accounts.disconnect({ accountId }),
      listActivity: (accountId: string) => dashboard.activity.list({ accountId, limit: 5 }),
      refreshHealth: (accountId: string) =>
        dashboard.activity.refreshHealth({ accountId, days: 3 }),
      getAccessToken: (accountId: string) => machine.tokens.getAccessToken({ accountId }),
      createApiKey: (name: string) => dashboard.apiKeys.create({ name }),
      revokeApiKey: (id: string) => dashboard.apiKeys.revoke({ id }),
      me: () => dashboard.me.get(),
      whoami: () => machine.me.whoami(),
    };
  }
  const dashboard = dashboardOverHttp(t.api, session);
  const machine = machineOverHttp(t.api, apiKey);
  return {
    getAccount: (accountId: string) => dashboard.accounts.get.query({ accountId }),
    disconnect: (accountId: string) => dashboard.accounts.disconnect.mutate({ accountId }),
    listActivity: (accountId: string) => dashboard.activity.list.query({ accountId, limit: 5 }),
    refreshHealth: (accountId: string) =>
      dashboard.activity.refreshHealth.query({ accountId, days: 3 }),
    getAccessToken: (accountId: string) => machine.tokens.getAccessToken.query({ accountId }),
    createApiKey: (name: string) => dashboard.apiKeys.create.mutate({ name }),
    revokeApiKey: (id: string) => dashboard.apiKeys.revoke.mutate({ id }),
    me: () => dashboard.me.get.query(),
    whoami: () => machine.me.whoami.query(),
  };
}

/** The refusal as the caller sees it; over HTTP, with the data every error carries. */
async function expectRefusal(
  transport: Transport,
  call: Promise<unknown>,
  code: string,
  message: string,
  path: string,
) {
  const error = await caught(call);
  expect({ code: error.code, message: error.message }).toEqual({ code, message });
  if (transport === "http") {
    expect(error.data).toEqual({ code, httpStatus: HTTP_STATUS[code], path, zodError: null });
  }
}

const giveAccount = (owner: TestActor, options: TestAccountOptions = {}) =>
  createTestAccount(t.db, services.vault, owner, options);

describe.each(TRANSPORTS)("domain refusals (%s)", (transport) => {
  describe("an account that is not the caller's, or does not exist", () => {
    it.each([
      ["accounts.get", "getAccount", "session"],
      ["accounts.disconnect", "disconnect", "session"],
      ["activity.list", "listActivity", "session"],
      ["activity.refreshHealth", "refreshHealth", "session"],
      ["tokens.getAccessToken", "getAccessToken", "apiKey"],
    ] as const)("%s: NOT_FOUND, one message for both", async (path, method, as) => {
      const a = await createActor(t.db, "a");
      const b = await createActor(t.db, "b");
      const someoneElses = await giveAccount(a);
      const client = clientFor(transport, b, as);
      for (const accountId of [someoneElses, randomUUID()])
        await expectRefusal(
          transport,
          client[method](accountId),
          "NOT_FOUND",
          NO_SUCH_ACCOUNT,
          path,
        );
    });
  });

  describe("tokens.getAccessToken", () => {
    it("PRECONDITION_FAILED for an account Amazon no longer accepts, telling whom to ask", async () => {
      const owner = await createActor(t.db, "owner");
      const accountId = await giveAccount(owner, { status: "reauth_required" });
      await expectRefusal(
        transport,
        clientFor(transport, owner, "apiKey").getAccessToken(accountId),
        "PRECONDITION_FAILED",
        `Amazon no longer accepts the grant of Amazon Ads account ${accountId}: ask the account's owner to reconnect it in AdsConnect.`,
        "tokens.getAccessToken",
      );
    });

    it("PRECONDITION_FAILED for a disconnected account", async () => {
      const owner = await createActor(t.db, "owner");
      const accountId = await giveAccount(owner, { status: "disconnected" });
      await expectRefusal(
        transport,
        clientFor(transport, owner, "apiKey").getAccessToken(accountId),
        "PRECONDITION_FAILED",
        `Amazon Ads account ${accountId} was disconnected by its owner: ask the owner to connect it again in AdsConnect.`,
        "tokens.getAccessToken",
      );
    });

    it("SERVICE_UNAVAILABLE when the token ran out and Amazon cannot renew it", async () => {
      const owner = await createActor(t.db, "owner");
      const accountId = await giveAccount(owner, { expiresInSeconds: -5 });
      await expectRefusal(
        transport,
        clientFor(transport, owner, "apiKey").getAccessToken(accountId),
        "SERVICE_UNAVAILABLE",
        `Amazon did not renew the access token of Amazon Ads account ${accountId} just now; try again in a minute.`,
        "tokens.getAccessToken",
      );
    });
  });

  describe("API keys", () => {
    it("PRECONDITION_FAILED past the most active keys, saying what to do", async () => {
      const owner = await createActor(t.db, "owner"); // holds one key already
      const client = clientFor(transport, owner, "session");
      for (let i = 1; i < 25; i++) await client.createApiKey(`app ${i}`);
      await expectRefusal(
        transport,
        client.createApiKey("one too many"),
        "PRECONDITION_FAILED",
        "This workspace already has 25 active API keys, the most allowed. Revoke one you no longer use, then create a new one.",
        "apiKeys.create",
      );
    });

    it("NOT_FOUND revoking a key that is not the caller's", async () => {
      const a = await createActor(t.db, "a");
      const b = await createActor(t.db, "b");
      await expectRefusal(
        transport,
        clientFor(transport, b, "session").revokeApiKey(a.apiKeyId),
        "NOT_FOUND",
        "This workspace has no API key with that id.",
        "apiKeys.revoke",
      );
    });
  });

  describe("callers who are not signed in", () => {
    it("UNAUTHORIZED without a session", async () => {
      await expectRefusal(
        transport,
        clientFor(transport, null, "session").me(),
        "UNAUTHORIZED",
        "Sign in to continue.",
        "me.get",
      );
    });

    it("UNAUTHORIZED without an API key", async () => {
      await expectRefusal(
        transport,
        clientFor(transport, null, "apiKey").whoami(),
        "UNAUTHORIZED",
        "Send an active API key as `Authorization: Bearer <key>`.",
        "me.whoami",
      );
    });
  });
});

describe("internal failures of a domain package", () => {
  it("a ciphertext the vault cannot open: INTERNAL_SERVER_ERROR, generic over HTTP, logged", async () => {
    const owner = await createActor(t.db, "owner");
    // Sealed under a key the API does not hold.
    const accountId = await createTestAccount(
      t.db,
      TokenVault.fromEncryptionKeys(generateFernetKey()),
      owner,
    );
    const logs = captureLogger();
    const broken = await startTestApi({ db: t.db, logger: logs.logger, services });
    try {
      const client = machineOverHttp(broken, owner.apiKey);
      const error = await caught(client.tokens.getAccessToken.query({ accountId }));
      expect(error).toMatchObject({
        code: "INTERNAL_SERVER_ERROR",
        message: GENERIC_ERROR_MESSAGE,
        data: { httpStatus: 500 },
      });
      expect(logs.entries()).toContainEqual(
        expect.objectContaining({
          msg: "procedure failed",
          level: 50,
          path: "tokens.getAccessToken",
          err: expect.objectContaining({ type: "InvalidTokenError" }),
        }),
      );
    } finally {
      await broken.close();
    }
  });
});
