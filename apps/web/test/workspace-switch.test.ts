import { describe, expect, it } from "vitest";

import { CookieJar } from "./support/cookies";
import { useLocalWeb } from "./support/local-web";

/**
 * Local sign-in's workspaces on the production build: a person creates a workspace and switches
 * to it (the switch route checks same-origin and membership, then sets the httpOnly, SameSite=Lax
 * `adsconnect_workspace` cookie), adds a colleague by email, who switches too and reads the
 * members page without its admin controls; once removed, the colleague's very next page says so
 * and their calls are refused. Sign-out forgets the picked workspace.
 */
const t = useLocalWeb();

async function signIn(email: string, name: string) {
  const jar = new CookieJar();
  const response = await fetch(`${t.web.url}/api/local-auth/sign-in`, {
    method: "POST",
    headers: { origin: t.web.url },
    body: new URLSearchParams({ email, name }),
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  jar.absorb(response);
  return jar;
}

function switchTo(jar: CookieJar, workspaceId: string, origin = t.web.url) {
  return fetch(`${t.web.url}/api/workspaces/switch`, {
    method: "POST",
    headers: { cookie: jar.header(), origin },
    body: new URLSearchParams({ workspaceId }),
    redirect: "manual",
  });
}

/** A dashboard tRPC call over HTTP, as the browser's client sends it (superjson, same origin). */
async function call(jar: CookieJar, path: string, input?: unknown) {
  const mutation = input !== undefined;
  const response = await fetch(`${t.web.url}/api/trpc/${path}`, {
    method: mutation ? "POST" : "GET",
    headers: {
      cookie: jar.header(),
      ...(mutation ? { origin: t.web.url, "content-type": "application/json" } : {}),
    },
    ...(mutation ? { body: JSON.stringify({ json: input }) } : {}),
  });
  const body = (await response.json()) as {
    result?: { data: { json: unknown } };
    error?: { json: { message: string } };
  };
  return { status: response.status, data: body.result?.data.json, error: body.error?.json.message };
}

async function page(jar: CookieJar, path: string) {
  const response = await fetch(`${t.web.url}${path}`, { headers: { cookie: jar.header() } });
  return { status: response.status, html: await response.text() };
}

describe("the workspace switcher under local sign-in", () => {
  it("creates, switches, adds a colleague by email; the colleague reads without admin controls, and is refused once removed", async () => {
    const stamp = Date.now();
    const ada = await signIn(`ada.${stamp}@example.com`, "Ada Admin");
    const created = await call(ada, "workspaces.create", { name: "Acme agency" });
    expect(created.status).toBe(200);
    const { workspaceId } = created.data as { workspaceId: string };

    const switched = await switchTo(ada, workspaceId);
    expect(switched.status).toBe(200);
    expect(await switched.json()).toEqual({ workspaceId, name: "Acme agency" });
    const cookie = switched.headers
      .getSetCookie()
      .find((c) => c.startsWith("adsconnect_workspace="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//i);
    ada.absorb(switched);
    expect((await call(ada, "workspaces.current")).data).toMatchObject({
      workspaceId,
      role: "admin",
      canManageMembers: true,
    });
    const adaMembers = await page(ada, "/members");
    expect(adaMembers.status).toBe(200);
    expect(adaMembers.html).toContain("Add a person");

    // Bob is not a member yet: the route refuses, and sets nothing.
    const bob = await signIn(`bob.${stamp}@example.com`, "Bob Member");
    const early = await switchTo(bob, workspaceId);
    expect(early.status).toBe(403);
    expect(((await early.json()) as { error: { message: string } }).error.message).toContain(
      "not a member of this workspace",
    );
    expect(early.headers.getSetCookie()).toEqual([]);

    expect(
      (await call(ada, "workspaces.addMember", { email: `bob.${stamp}@example.com` })).status,
    ).toBe(200);
    const joined = await switchTo(bob, workspaceId);
    expect(joined.status).toBe(200);
    bob.absorb(joined);
    expect((await call(bob, "workspaces.current")).data).toMatchObject({ role: "member" });
    const bobMembers = await page(bob, "/members");
    expect(bobMembers.status).toBe(200);
    expect(bobMembers.html).toContain("Only admins manage members");
    expect(bobMembers.html).not.toContain("Add a person");
    expect(bobMembers.html).toContain("Ada Admin");

    const members = (await call(ada, "workspaces.members")).data as {
      userId: string;
      email: string;
    }[];
    const bobMember = members.find((m) => m.email === `bob.${stamp}@example.com`)!;
    expect(bobMember).toBeDefined();
    expect((await call(ada, "workspaces.removeMember", { userId: bobMember.userId })).status).toBe(
      200,
    );

    // Bob's very next page and call are refused; his switcher still offers his personal workspace.
    const refusedPage = await page(bob, "/accounts");
    expect(refusedPage.status).toBe(200);
    expect(refusedPage.html).toContain("No access to this workspace");
    const refusedCall = await call(bob, "accounts.list");
    expect(refusedCall.status).toBe(403);
    expect(refusedCall.error).toContain("not a member of this workspace");
    expect(
      ((await call(bob, "workspaces.list")).data as { kind: string }[]).map((w) => w.kind),
    ).toEqual(["personal"]);
  });

  it("refuses another origin, a malformed id and a signed-out browser, setting no cookie", async () => {
    const eve = await signIn(`eve.${Date.now()}@example.com`, "Eve");
    const { workspaceId } = (await call(eve, "workspaces.create", { name: "Eve's" })).data as {
      workspaceId: string;
    };
    const foreign = await switchTo(eve, workspaceId, "https://evil.example");
    expect(foreign.status).toBe(403);
    expect(foreign.headers.getSetCookie()).toEqual([]);
    const malformed = await switchTo(eve, "not-a-uuid");
    expect(malformed.status).toBe(400);
    expect(malformed.headers.getSetCookie()).toEqual([]);
    const signedOut = await switchTo(new CookieJar(), workspaceId);
    expect(signedOut.status).toBe(401);
  });

  it("forgets the picked workspace at sign-out", async () => {
    const fay = await signIn(`fay.${Date.now()}@example.com`, "Fay");
    const { workspaceId } = (await call(fay, "workspaces.create", { name: "Fay's" })).data as {
      workspaceId: string;
    };
    fay.absorb(await switchTo(fay, workspaceId));
    expect(fay.has("adsconnect_workspace")).toBe(true);
    const out = await fetch(`${t.web.url}/api/local-auth/sign-out`, {
      method: "POST",
      headers: { cookie: fay.header(), origin: t.web.url },
      redirect: "manual",
    });
    fay.absorb(out);
    expect(fay.has("adsconnect_workspace")).toBe(false);
  });
});
