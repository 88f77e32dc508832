// The machine API's limits over real HTTP (the listener apps/api mounts at /trpc, on this run's
// database): the API key judged before any of the body is read, per-key and per-IP rate limits
// answered 429 in tRPC's shape with Retry-After, and batches over MAX_BATCH_SIZE refused with a
// message naming the limit. Also the dashboard handler's own body cap (the web app's /api/trpc,
// which no server in front of it caps).
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import type { Db } from "@adsconnect/db/client";
import { createRateLimits, RATE_LIMIT_DEFAULTS } from "@adsconnect/rate-limits";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDashboardHandler } from "../src/dashboard";
import { revokeApiKey } from "../src/domain/api-keys/revoke-api-key";
import { MAX_BATCH_SIZE } from "../src/fetch-handler";
import type { MachineRouter } from "../src/index";
import { createMachineListener } from "../src/machine";
import { MAX_REQUEST_BODY_BYTES } from "../src/node-handler";
import { captureLogger, createActor, createTestServices, postUnfinished } from "../src/testing";
import { openDb } from "./support/callers";

const base = createTestServices();
const services = {
  ...base,
  rateLimits: createRateLimits(base.pool, {
    ...RATE_LIMIT_DEFAULTS,
    apiKey: { points: 3, windowSeconds: 60 },
    badApiKeyPerIp: { points: 2, windowSeconds: 60 },
  }),
};
let db: Db;
let server: Server;
let origin: string;
beforeAll(async () => {
  db = openDb();
  const listener = createMachineListener({ services: { ...services, db } });
  server = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await db.$disconnect();
});

/** A caller address of its own (apps/api trusts one proxy hop: the last X-Forwarded-For entry). */
const newIp = () => `203.0.113.${Math.floor(Math.random() * 250)}:${randomUUID().slice(0, 8)}`;

const clientFor = (apiKey: string, ip = newIp()) =>
  createTRPCClient<MachineRouter>({
    links: [
      httpBatchLink({
        url: `${origin}/trpc`,
        transformer: superjson,
        headers: { authorization: `Bearer ${apiKey}`, "x-forwarded-for": ip },
      }),
    ],
  });

describe("the API key, before the body", () => {
  it("answers a request without a key 401 while its body is still arriving, and closes the connection", async () => {
    const answer = await postUnfinished(`${origin}/trpc/me.whoami`, { "x-forwarded-for": newIp() });
    expect(answer.status).toBe(401);
    expect(answer.headers.connection).toBe("close");
    expect(JSON.parse(answer.body)).toMatchObject({
      error: {
        json: {
          message: expect.stringContaining("Send an active API key"),
          data: { code: "UNAUTHORIZED" },
        },
      },
    });
  });

  it("answers a revoked key 401 the same way", async () => {
    const owner = await createActor(db);
    await revokeApiKey(db, {
      workspaceId: owner.workspaceId,
      actorId: owner.userId,
      id: owner.apiKeyId,
    });
    const answer = await postUnfinished(`${origin}/trpc/me.whoami`, {
      authorization: `Bearer ${owner.apiKey}`,
      "x-forwarded-for": newIp(),
    });
    expect(answer.status).toBe(401);
    expect(answer.body).not.toContain(owner.apiKey);
  });

  it("reads an admitted key's body, capped: a declared length over the cap is 413 unread", async () => {
    const owner = await createActor(db);
    const answer = await postUnfinished(
      `${origin}/trpc/me.whoami`,
      { authorization: `Bearer ${owner.apiKey}`, "x-forwarded-for": newIp() },
      MAX_REQUEST_BODY_BYTES + 1,
    );
    expect(answer.status).toBe(413);
  });
});

describe("rate limits", () => {
  it("refuses a key's 4th request in its window with TOO_MANY_REQUESTS and Retry-After, before any procedure runs", async () => {
    const owner = await createActor(db);
    const client = clientFor(owner.apiKey);
    for (let i = 0; i < 3; i += 1)
      await expect(client.me.whoami.query()).resolves.toMatchObject({
        workspace: { id: owner.workspaceId },
      });
    const refusal = await client.me.whoami.query().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TRPCClientError);
    expect((refusal as TRPCClientError<MachineRouter>).data).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      httpStatus: 429,
    });
    expect((refusal as Error).message).toMatch(
      /^Too many requests with this API key \(at most 3 per 60 s\)\. Try again in \d+ s/,
    );

    const raw = await fetch(`${origin}/trpc/me.whoami`, {
      headers: { authorization: `Bearer ${owner.apiKey}` },
    });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(raw.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(await raw.text()).not.toContain(owner.apiKey);

    // Another key of the same person has a budget of its own.
    const other = await createActor(db);
    await expect(clientFor(other.apiKey).me.whoami.query()).resolves.toBeDefined();
  });

  it("counts failed authentications per IP: past the limit 429 with Retry-After rather than 401, and another IP is unaffected", async () => {
    const ip = newIp();
    const unknown = `adc_${randomUUID().replaceAll("-", "")}`;
    const status = async (from: string) =>
      (
        await fetch(`${origin}/trpc/me.whoami`, {
          headers: {
            authorization: `Bearer ${unknown}`,
            "x-forwarded-for": `198.51.100.1, ${from}`,
          },
        })
      ).status;
    expect([await status(ip), await status(ip)]).toEqual([401, 401]);
    const refused = await postUnfinished(`${origin}/trpc/me.whoami`, {
      authorization: `Bearer ${unknown}`,
      "x-forwarded-for": ip,
    });
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toMatch(/^\d+$/);
    expect(refused.body).toContain("missing, unknown or expired API key");
    expect(await status(newIp())).toBe(401);
  });
});

describe("batches", () => {
  const batch = (size: number) =>
    `${origin}/trpc/${Array.from({ length: size }, () => "me.whoami").join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`;

  it(`answers a batch of ${MAX_BATCH_SIZE} calls, and refuses one of ${MAX_BATCH_SIZE + 1} as a whole, naming the limit`, async () => {
    // Each request is one count: a fresh key for each.
    const full = await fetch(batch(MAX_BATCH_SIZE), {
      headers: { authorization: `Bearer ${(await createActor(db)).apiKey}` },
    });
    expect(full.status).toBe(200);
    expect(await full.json()).toHaveLength(MAX_BATCH_SIZE);

    const over = await fetch(batch(MAX_BATCH_SIZE + 1), {
      headers: { authorization: `Bearer ${(await createActor(db)).apiKey}` },
    });
    expect(over.status).toBe(400);
    const errors = (await over.json()) as unknown[];
    expect(errors).toHaveLength(MAX_BATCH_SIZE + 1);
    for (const error of errors)
      expect(error).toMatchObject({
        error: {
          json: {
            message: `This request batches ${MAX_BATCH_SIZE + 1} calls; the limit is ${MAX_BATCH_SIZE}. Send at most ${MAX_BATCH_SIZE} calls per request (tRPC's httpBatchLink: maxItems: ${MAX_BATCH_SIZE}).`,
            data: { code: "BAD_REQUEST", httpStatus: 400 },
          },
        },
      });
  });

  it("counts calls joined by an encoded comma (%2C) as tRPC does: no way past the limit, or past the rate limit that counts requests", async () => {
    const encoded = `${origin}/trpc/${Array.from({ length: MAX_BATCH_SIZE + 1 }, () => "me.whoami").join("%2C")}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`;
    const over = await fetch(encoded, {
      headers: { authorization: `Bearer ${(await createActor(db)).apiKey}` },
    });
    expect(over.status).toBe(400);
    expect((await over.json()) as unknown[]).toHaveLength(MAX_BATCH_SIZE + 1);
  });
});

describe("the dashboard handler's body cap (the web app's /api/trpc)", () => {
  const dashboard = createDashboardHandler({
    endpoint: "/api/trpc",
    apiUrl: "http://api.adsconnect.test",
    appUrl: "http://localhost",
    logger: captureLogger().logger,
    createContext: () => {
      throw new Error("no context is made for a body over the cap");
    },
  });
  const url = "http://localhost/api/trpc/apiKeys.create";

  it("refuses a body whose Content-Length is over the cap with PAYLOAD_TOO_LARGE", async () => {
    const response = await dashboard(
      new Request(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: Buffer.alloc(MAX_REQUEST_BODY_BYTES + 1, " "),
      }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: {
        json: {
          data: { code: "PAYLOAD_TOO_LARGE" },
          message: expect.stringContaining(`${MAX_REQUEST_BODY_BYTES} bytes`),
        },
      },
    });
  });

  it("stops reading a body with no length that never ends once it passes the cap", async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const response = await dashboard(
      new Request(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: endless,
        duplex: "half",
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(MAX_REQUEST_BODY_BYTES + 4 * 64 * 1024);
  });
});
