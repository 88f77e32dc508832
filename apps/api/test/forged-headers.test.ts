// The bypass the web app's side door allowed, tried against the machine API: Clerk's own
// request headers forged by the caller (signed-in, a token naming a victim, its HMAC over an
// empty key) with each odd Authorization value that once slipped past one check or another.
// This service reads no session at all: none of them authenticates anyone, none is a 500, and
// no victim's user row appears.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  forgedClerkHeaders,
  newVictim,
  ODD_AUTHORIZATIONS,
  rawGet,
  startApiService,
  type ApiService,
} from "../src/testing";
import { person, shared, type Shared } from "./support/harness";

let world: Shared;
let api: ApiService;
beforeAll(async () => {
  world = shared();
  api = await startApiService(world.env);
});
afterAll(async () => {
  await api?.stop();
  await world?.close();
});

const PATHS = ["/trpc/me.whoami", "/trpc/tokens.getAccessToken", "/health", "/ads/v2/profiles"];

describe.each(ODD_AUTHORIZATIONS)("forged x-clerk-* headers with $name", ({ lines }) => {
  it.each(PATHS)("authenticate nobody at %s", async (path) => {
    const victim = newVictim();
    const response = await rawGet(`${api.url}${path}`, [
      ...forgedClerkHeaders(victim),
      ...lines.map((line): [string, string] => ["authorization", line]),
    ]);
    expect(response.status).not.toBe(500);
    if (path.startsWith("/trpc/")) {
      expect(response.status).toBe(401);
      expect(response.body).toContain("Send an active API key");
    }
    expect(response.body).not.toContain(victim.userId);
    expect(await world.services.db.user.findUnique({ where: { id: victim.userId } })).toBeNull();
  });
});

it("a valid key beside forged x-clerk-* headers acts for the key's workspace, never the victim", async () => {
  const owner = await person(world.services);
  const victim = newVictim();
  const response = await rawGet(`${api.url}/trpc/me.whoami`, [
    ...forgedClerkHeaders(victim),
    ["authorization", `Bearer ${owner.apiKey}`],
  ]);
  expect(response.status).toBe(200);
  expect(response.body).toContain(owner.workspaceId);
  expect(response.body).not.toContain(victim.userId);
});

it("logged no error for any of them", () => {
  expect(api.output()).not.toContain('"level":50');
});
