// The web service's routing (server.ts): which requests skip Next.js for the API's own handler.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { routeWebRequests, type RequestListener } from "../src/server/web-listener";

const answer =
  (who: string): RequestListener =>
  (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(who);
  };

const failures: unknown[] = [];
let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer(
    routeWebRequests({
      apiKeyCalls: answer("api"),
      next: (req, res) =>
        req.url === "/fails" ? Promise.reject(new Error("Next failed")) : answer("next")(req, res),
      onError: (error) => failures.push(error),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const KEY = "adc_0123456789abcdefghijklmnopqrstuvwxyzABCD";
const servedBy = async (path: string, init: RequestInit = {}) =>
  (await fetch(`${origin}${path}`, init)).text();

describe("routeWebRequests", () => {
  it("sends internal apps' API-key calls to /api/trpc to the API's handler", async () => {
    const auth = { authorization: `Bearer ${KEY}` };
    expect(await servedBy("/api/trpc/tokens.getAccessToken?input=%7B%7D", { headers: auth })).toBe(
      "api",
    );
    expect(
      await servedBy("/api/trpc/tokens.getAccessToken,accounts.list?batch=1", {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: "{}",
      }),
    ).toBe("api");
    expect(
      await servedBy("/api/trpc/me.get", { headers: { authorization: `bearer  ${KEY} ` } }),
    ).toBe("api");
  });

  it("sends everything else to Next: sessions, other bearers, other paths", async () => {
    expect(await servedBy("/api/trpc/me.get", { headers: { cookie: "__session=x" } })).toBe("next");
    expect(
      await servedBy("/api/trpc/me.get", { headers: { authorization: "Bearer eyJhbGciOi.x.y" } }),
    ).toBe("next");
    expect(await servedBy("/api/health", { headers: { authorization: `Bearer ${KEY}` } })).toBe(
      "next",
    );
    expect(
      await servedBy("/api/trpcx/me.get", { headers: { authorization: `Bearer ${KEY}` } }),
    ).toBe("next");
    expect(await servedBy("/accounts", { headers: { authorization: `Bearer ${KEY}` } })).toBe(
      "next",
    );
    expect(await servedBy("/")).toBe("next");
  });

  it("answers 500 when a handler fails, reports the error, and keeps serving", async () => {
    const response = await fetch(`${origin}/fails`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("Internal error.");
    expect(failures).toEqual([new Error("Next failed")]);
    expect(await servedBy("/")).toBe("next");
  });
});
