// Request ids on the machine API (its bundle, started as Railway starts it): every request gets
// one — the caller's x-request-id when well-formed, else a new one — sent back in x-request-id,
// in an error's data.requestId (so a person can quote it) and on each log line of the request,
// such as the inline refresh's call to Amazon, which also logs Amazon's own request id.
import { createAdsConnectClient, TRPCClientError, type MachineRouter } from "@adsconnect/client";
import { createAccount } from "@adsconnect/tokens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startApiWorld, type ApiWorld } from "./support/api-world";

let world: ApiWorld;

beforeAll(async () => {
  world = await startApiWorld();
});
afterAll(() => world?.stop());

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The service's log lines (pino JSON) that name `requestId`. */
function linesOf(requestId: string): Record<string, unknown>[] {
  return world.api
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.requestId === requestId);
}

describe("request ids", () => {
  it("honours a well-formed x-request-id: echoed back and in an error's data", async () => {
    const response = await fetch(`${world.api.url}/trpc/me.whoami`, {
      headers: { "x-request-id": "support-ticket-4711.a" },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("x-request-id")).toBe("support-ticket-4711.a");
    const body = (await response.json()) as { error: { json: { data: { requestId: string } } } };
    expect(body.error.json.data.requestId).toBe("support-ticket-4711.a");
  });

  it("replaces a malformed or missing one with a new id, told the same way", async () => {
    for (const given of [
      "short",
      "has spaces in it",
      "x".repeat(129),
      "<script>alert(1)</script>",
    ]) {
      const response = await fetch(`${world.api.url}/trpc/me.whoami`, {
        headers: { "x-request-id": given },
      });
      const id = response.headers.get("x-request-id");
      expect(id).toMatch(uuid);
      const body = (await response.json()) as { error: { json: { data: { requestId: string } } } };
      expect(body.error.json.data.requestId).toBe(id);
    }
    const bare = await fetch(`${world.api.url}/health`);
    expect(bare.headers.get("x-request-id")).toMatch(uuid);
  });

  it("is in a refused procedure's data through the typed client", async () => {
    const client = createAdsConnectClient({ url: world.api.url, apiKey: world.owner.apiKey });
    const error = await client.tokens.getAccessToken
      .query({ accountId: "00000000-0000-7000-8000-000000000000" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<MachineRouter>).data as { requestId?: string };
    expect(data.requestId).toMatch(uuid);
  });

  it("is on every log line of the request, and the call to Amazon logs Amazon's request id", async () => {
    const expiring = await createAccount(world.services.pool, world.services.vault, world.sandbox, {
      userId: world.owner.userId,
      // Run out, so the hand-out waits for its inline refresh before answering (a token still
      // valid is handed out at once and renewed after the answer).
      expiresInSeconds: -30,
    });
    const response = await fetch(
      `${world.api.url}/trpc/tokens.getAccessToken?input=${encodeURIComponent(JSON.stringify({ json: { accountId: expiring.id } }))}`,
      {
        headers: {
          authorization: `Bearer ${world.owner.apiKey}`,
          "x-request-id": "trace-refresh-0001",
        },
      },
    );
    expect(response.status).toBe(200);
    const lines = linesOf("trace-refresh-0001");
    const amazon = lines.find((line) => line.msg === "amazon request");
    expect(amazon).toMatchObject({
      endpoint: "lwa_token",
      status: 200,
      amazonRequestId: expect.any(String),
    });
    // Another request's lines do not carry it.
    expect(linesOf("support-ticket-4711.a").some((line) => line.msg === "amazon request")).toBe(
      false,
    );
  });
});
