// The machine API's limits as Railway runs it (two processes of the bundle from apps/api's
// railway.json on one database, over real HTTP): an API key's budget is shared by both, for
// /trpc and /ads alike; failed authentications count per IP across both; a missing or revoked
// key is answered 401 while its body is still arriving, on /trpc and /ads.
import { randomUUID } from "node:crypto";

import { postUnfinished, type TestActor } from "@adsconnect/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startApiService, type ApiService } from "../src/testing";
import { person, shared, type Shared } from "./support/harness";

let world: Shared;
let first: ApiService;
let second: ApiService;
beforeAll(async () => {
  world = shared();
  const env = { ...world.env, RATE_LIMIT_API_KEY: "4", RATE_LIMIT_BAD_API_KEY_PER_IP: "3" };
  [first, second] = await Promise.all([startApiService(env), startApiService(env)]);
});
afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
  await world?.close();
});

/** A caller address of its own: the service trusts one proxy hop (the last X-Forwarded-For entry). */
const newIp = () => `192.0.2.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 8)}`;
const whoami = (api: ApiService, apiKey: string, ip = newIp()) =>
  fetch(`${api.url}/trpc/me.whoami`, {
    headers: { authorization: `Bearer ${apiKey}`, "x-forwarded-for": ip },
  });
/** An Ads API call through the proxy for an account the key's owner does not have: 404, after the count. */
const adsCall = (api: ApiService, apiKey: string, ip = newIp()) =>
  fetch(`${api.url}/ads/${randomUUID()}/na/v2/profiles`, {
    headers: { authorization: `Bearer ${apiKey}`, "x-forwarded-for": ip },
  });

describe("an API key's rate limit", () => {
  it("is one budget across two processes: the 5th request in the window is 429 on either, with Retry-After, in tRPC's shape", async () => {
    const owner: TestActor = await person(world.services);
    const statuses = [];
    for (const api of [first, second, first, second])
      statuses.push((await whoami(api, owner.apiKey)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);

    for (const api of [first, second]) {
      const refused = await whoami(api, owner.apiKey);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      const body = await refused.text();
      expect(JSON.parse(body)).toMatchObject({
        error: {
          json: {
            message: expect.stringMatching(
              /^Too many requests with this API key \(at most 4 per 60 s\)/,
            ),
            data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, path: "me.whoami" },
          },
        },
      });
      expect(body).not.toContain(owner.apiKey);
    }
  });

  it("counts /ads with /trpc: the proxy answers 429 rate_limited in its own JSON, with Retry-After", async () => {
    const owner = await person(world.services);
    expect((await whoami(first, owner.apiKey)).status).toBe(200);
    expect((await adsCall(second, owner.apiKey)).status).toBe(404);
    expect((await whoami(second, owner.apiKey)).status).toBe(200);
    expect((await adsCall(first, owner.apiKey)).status).toBe(404);
    const refused = await adsCall(second, owner.apiKey);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(refused.headers.get("x-adsconnect-error")).toBe("rate_limited");
    expect(await refused.json()).toMatchObject({
      error: {
        code: "rate_limited",
        message: expect.stringContaining("Too many requests with this API key"),
      },
    });
  });
});

describe("failed authentications per IP", () => {
  it("are counted across both processes: past 3, 429 with Retry-After rather than 401, on /trpc and /ads", async () => {
    const ip = newIp();
    const unknown = `adc_${randomUUID().replaceAll("-", "")}`;
    expect((await whoami(first, unknown, ip)).status).toBe(401);
    expect((await adsCall(second, unknown, ip)).status).toBe(401);
    expect((await whoami(second, unknown, ip)).status).toBe(401);
    const trpc = await whoami(first, unknown, ip);
    expect(trpc.status).toBe(429);
    expect(trpc.headers.get("retry-after")).toMatch(/^\d+$/);
    const ads = await adsCall(second, unknown, ip);
    expect(ads.status).toBe(429);
    expect(ads.headers.get("retry-after")).toMatch(/^\d+$/);
    // Another address, and a good key from this one's neighbour, are unaffected.
    expect((await whoami(first, unknown, newIp())).status).toBe(401);
    expect((await whoami(first, (await person(world.services)).apiKey, newIp())).status).toBe(200);
  });
});

describe("the API key, judged before the body is read", () => {
  it.each(["/trpc/me.whoami", `/ads/${randomUUID()}/na/sp/campaigns/list`])(
    "%s: no key, and a revoked key, are answered 401 while the body is still arriving",
    async (path) => {
      const none = await postUnfinished(`${first.url}${path}`, { "x-forwarded-for": newIp() });
      expect(none.status).toBe(401);
      expect(none.headers.connection).toBe("close");

      const owner = await person(world.services);
      await world.services.db.apiKey.update({
        where: { id: owner.apiKeyId },
        data: { revokedAt: new Date() },
      });
      const revoked = await postUnfinished(`${second.url}${path}`, {
        authorization: `Bearer ${owner.apiKey}`,
        "x-forwarded-for": newIp(),
      });
      expect(revoked.status).toBe(401);
      expect(revoked.body).not.toContain(owner.apiKey);
    },
  );
});
