// The Amazon callback's rows of the workspace isolation matrix (issue 14), over HTTP against the
// production build under local sign-in: /api/amazon/callback finishes a connection only for the
// person who started it, into the workspace it was started in, while they may still do it. W1
// has an admin (A) and a member (M); W2 has its admin (O). The refusals happen before Amazon is
// asked (AMAZON_BASE_URL is the discard port: a call would fail as amazon_unavailable instead)
// and leave W1's rows as they were. The routers' and the proxy's rows:
// packages/api/test/workspace-isolation-matrix.test.ts, packages/ads-proxy/test/workspace-isolation.test.ts.
import { randomUUID } from "node:crypto";

import { localUserIdForEmail } from "@adsconnect/auth";
import { describe, expect, it } from "vitest";

import { CookieJar } from "./support/cookies";
import { useLocalWeb } from "./support/local-web";

const t = useLocalWeb();

/** A person signed in locally; their jar holds the switcher's cookie once they pick a workspace. */
interface Person {
  userId: string;
  jar: CookieJar;
}

async function signedIn(label: string): Promise<Person> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const jar = new CookieJar();
  jar.absorb(
    await fetch(`${t.web.url}/api/local-auth/sign-in`, {
      method: "POST",
      headers: { origin: t.web.url },
      body: new URLSearchParams({ email }),
      redirect: "manual",
    }),
  );
  const person = { userId: localUserIdForEmail(email), jar };
  // The first request makes the person's row.
  expect((await trpc(person, "me.get")).status).toBe(200);
  return person;
}

async function trpc(who: Person, path: string, input?: unknown) {
  const response =
    input === undefined
      ? await fetch(`${t.web.url}/api/trpc/${path}`, { headers: { cookie: who.jar.header() } })
      : await fetch(`${t.web.url}/api/trpc/${path}`, {
          method: "POST",
          headers: { cookie: who.jar.header(), "content-type": "application/json" },
          body: JSON.stringify({ json: input }),
        });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The state of a connection `who` starts through the dashboard (of `accountId`, to reconnect it). */
async function startConnection(who: Person, accountId?: string): Promise<string> {
  const started = await trpc(who, "accounts.startConnection", {
    region: "NA",
    ...(accountId ? { accountId } : {}),
  });
  expect(started.status).toBe(200);
  const { authorizationUrl } = (
    started.body as { result: { data: { json: { authorizationUrl: string } } } }
  ).result.data.json;
  return new URL(authorizationUrl).searchParams.get("state")!;
}

/** Where the callback sends `who`'s browser back with `state` and a code from Amazon. */
async function callback(who: Person, state: string) {
  const response = await fetch(
    `${t.web.url}/api/amazon/callback?state=${encodeURIComponent(state)}&code=ANcodeFromAmazon`,
    { headers: { cookie: who.jar.header() }, redirect: "manual" },
  );
  expect(response.status).toBe(303);
  return new URL(response.headers.get("location")!);
}

async function twoWorkspaces() {
  const [a, m, o] = await Promise.all([
    signedIn("w1-admin"),
    signedIn("w1-member"),
    signedIn("w2-admin"),
  ]);
  const w1 = await t.db.workspace.create({
    data: {
      kind: "local",
      name: `Acme ${randomUUID().slice(0, 6)}`,
      memberships: {
        create: [
          { userId: a.userId, role: "admin" },
          { userId: m.userId, role: "member" },
        ],
      },
    },
  });
  const w2 = await t.db.workspace.create({
    data: {
      kind: "local",
      name: "Other",
      memberships: { create: [{ userId: o.userId, role: "admin" }] },
    },
  });
  // What the workspace switcher sets (read under local sign-in only).
  for (const [who, workspace] of [
    [a, w1],
    [m, w1],
    [o, w2],
  ] as const)
    who.jar.set("adsconnect_workspace", workspace.id);
  return { w1, a, m, o };
}

/** W1's accounts, activity and pending connections, as stored. */
async function snapshotOf(workspaceId: string) {
  const where = { workspaceId };
  const [accounts, events, states, memberships] = await Promise.all([
    t.db.amazonAccount.findMany({ where, orderBy: { id: "asc" } }),
    t.db.auditEvent.findMany({ where, orderBy: { id: "asc" } }),
    t.db.oAuthState.findMany({ where, orderBy: { id: "asc" } }),
    t.db.workspaceMembership.findMany({ where, orderBy: { userId: "asc" } }),
  ]);
  return { accounts, events, states, memberships };
}

describe("the Amazon callback in the workspace isolation matrix", () => {
  it("(a) refuses a member of another workspace presenting W1's state, as an unknown one, and leaves it for its starter", async () => {
    const { w1, a, o } = await twoWorkspaces();
    const state = await startConnection(a);
    const before = await snapshotOf(w1.id);

    const landing = await callback(o, state);
    expect(landing.searchParams.get("connect")).toBe("failed");
    expect(landing.searchParams.get("reason")).toBe("unknown_state");
    expect(await callback(o, "never-issued")).toEqual(landing);
    // Untouched: still A's to finish.
    expect(await snapshotOf(w1.id)).toEqual(before);
  });

  it("(b) refuses a new connection finished by someone who is a member by then, and connects nothing", async () => {
    const { w1, m } = await twoWorkspaces();
    // An admin when they started it; made a member before Amazon sent them back.
    await t.db.workspaceMembership.update({
      where: { workspaceId_userId: { workspaceId: w1.id, userId: m.userId } },
      data: { role: "admin" },
    });
    const state = await startConnection(m);
    await t.db.workspaceMembership.update({
      where: { workspaceId_userId: { workspaceId: w1.id, userId: m.userId } },
      data: { role: "member" },
    });
    const before = await snapshotOf(w1.id);

    const landing = await callback(m, state);
    expect(landing.searchParams.get("reason")).toBe("not_allowed");
    const after = await snapshotOf(w1.id);
    expect(after.accounts).toEqual(before.accounts);
    expect(after.events).toEqual(before.events);
  });

  it("(c) refuses a reconnection finished by a member removed since they started it, and their next dashboard call", async () => {
    const { w1, a, m } = await twoWorkspaces();
    const account = await t.db.amazonAccount.create({
      data: {
        workspaceId: w1.id,
        connectedById: a.userId,
        amazonUserId: `amzn1.account.${randomUUID()}`,
        consentRegion: "NA",
        consentedAt: new Date(),
        status: "reauth_required",
      },
    });
    // A member may reconnect an account that needs it.
    const state = await startConnection(m, account.id);
    await t.db.workspaceMembership.update({
      where: { workspaceId_userId: { workspaceId: w1.id, userId: m.userId } },
      data: { removedAt: new Date() },
    });
    const before = await snapshotOf(w1.id);

    const landing = await callback(m, state);
    expect(landing.searchParams.get("reason")).toBe("not_allowed");
    const after = await snapshotOf(w1.id);
    expect(after.accounts).toEqual(before.accounts);
    expect(after.events).toEqual(before.events);
    // The very next dashboard request is refused too.
    const list = await trpc(m, "accounts.list");
    expect(list.status).toBe(403);
  });
});
