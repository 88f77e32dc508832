// Cross-site request forgery against the production build: the dashboard's mutations take only
// JSON from the app's own origin (a JSON POST needs a CORS preflight, which nobody answers), and
// the local sign-in form (login CSRF) and sign-out take only a POST the app's own pages sent.
import { localUserIdForEmail } from "@adsconnect/auth";
import { describe, expect, it } from "vitest";

import { CookieJar } from "./support/cookies";
import { useLocalWeb } from "./support/local-web";

const FOREIGN = "http://evil.example";

const t = useLocalWeb();

async function signedIn(email: string) {
  const jar = new CookieJar();
  const response = await fetch(`${t.web.url}/api/local-auth/sign-in`, {
    method: "POST",
    headers: { origin: t.web.url },
    body: new URLSearchParams({ email }),
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  jar.absorb(response);
  expect(jar.has("__session")).toBe(true);
  return jar;
}

/** Pending connections `email` has started (accounts.startConnection writes one each). */
function pendingConnections(email: string) {
  return t.db.oAuthState.count({ where: { userId: localUserIdForEmail(email) } });
}

async function startConnection(
  jar: CookieJar,
  init: { headers?: Record<string, string>; body?: BodyInit },
) {
  const response = await fetch(`${t.web.url}/api/trpc/accounts.startConnection`, {
    method: "POST",
    ...init,
    headers: { cookie: jar.header(), ...init.headers },
  });
  return { status: response.status, text: await response.text() };
}

describe("the dashboard's mutations", () => {
  it("run from the app's own origin as JSON (the browser's own calls)", async () => {
    const email = "csrf-ok@example.com";
    const jar = await signedIn(email);
    const { status, text } = await startConnection(jar, {
      headers: {
        origin: t.web.url,
        "content-type": "application/json",
        "sec-fetch-site": "same-origin",
      },
      body: JSON.stringify({ json: {} }),
    });
    expect(status, text).toBe(200);
    expect(await pendingConnections(email)).toBe(1);
  });

  it("refuse a multipart/form-data POST (a simple request: no preflight), from anywhere", async () => {
    const email = "csrf-form@example.com";
    const jar = await signedIn(email);
    for (const origin of [FOREIGN, t.web.url]) {
      const form = new FormData();
      form.set("region", "NA");
      const { status, text } = await startConnection(jar, { headers: { origin }, body: form });
      expect(status, `${origin}: ${text}`).toBe(415);
      expect(text).toContain("application/json");
    }
    expect(await pendingConnections(email)).toBe(0);
  });

  it("refuse text/plain, form-urlencoded, octet-stream and no content type", async () => {
    const email = "csrf-text@example.com";
    const jar = await signedIn(email);
    const body = JSON.stringify({ json: {} });
    for (const contentType of [
      "text/plain",
      "text/plain;charset=UTF-8",
      "application/x-www-form-urlencoded",
      "application/octet-stream",
      undefined,
    ]) {
      const headers: Record<string, string> = { origin: t.web.url };
      if (contentType) headers["content-type"] = contentType;
      const { status, text } = await startConnection(jar, {
        headers,
        body: contentType === undefined ? undefined : body,
      });
      expect(status, `${contentType}: ${text}`).toBe(415);
    }
    expect(await pendingConnections(email)).toBe(0);
  });

  it("refuse JSON from a foreign origin, or one the browser calls cross-site or same-site", async () => {
    const email = "csrf-origin@example.com";
    const jar = await signedIn(email);
    const attempts: Record<string, string>[] = [
      { origin: FOREIGN },
      { origin: FOREIGN, "sec-fetch-site": "cross-site" },
      { origin: "null" },
      { origin: t.web.url.replace("localhost", "127.0.0.1") },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: t.web.url, "sec-fetch-site": "cross-site" },
    ];
    for (const headers of attempts) {
      const { status, text } = await startConnection(jar, {
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ json: {} }),
      });
      expect(status, `${JSON.stringify(headers)}: ${text}`).toBe(403);
      expect(text).not.toContain(jar.header());
    }
    expect(await pendingConnections(email)).toBe(0);
  });

  it("still answer queries (GET) and a non-browser JSON call without Origin", async () => {
    const email = "csrf-queries@example.com";
    const jar = await signedIn(email);
    const me = await fetch(`${t.web.url}/api/trpc/me.get`, { headers: { cookie: jar.header() } });
    expect(me.status).toBe(200);
    const { status } = await startConnection(jar, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { region: "EU" } }),
    });
    expect(status).toBe(200);
  });
});

describe("local sign-in and sign-out", () => {
  async function signInFrom(headers: Record<string, string>, email: string) {
    return fetch(`${t.web.url}/api/local-auth/sign-in`, {
      method: "POST",
      headers,
      body: new URLSearchParams({ email }),
      redirect: "manual",
    });
  }

  it("refuse a cross-site form POST to sign in (login CSRF), setting no cookie", async () => {
    const attempts: Record<string, string>[] = [
      { origin: FOREIGN },
      { origin: FOREIGN, "sec-fetch-site": "cross-site" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      {}, // a browser always says where a POST comes from: a request that does not is refused
    ];
    for (const headers of attempts) {
      const response = await signInFrom(headers, "attacker@example.com");
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.headers.getSetCookie(), JSON.stringify(headers)).toEqual([]);
    }
  });

  it("accept the form from the app's own page", async () => {
    const fromOwnPage: Record<string, string>[] = [
      { origin: t.web.url },
      { "sec-fetch-site": "same-origin" },
      { origin: t.web.url, "sec-fetch-site": "same-origin" },
    ];
    for (const headers of fromOwnPage) {
      const response = await signInFrom(headers, "own-page@example.com");
      expect(response.status, JSON.stringify(headers)).toBe(303);
      expect(response.headers.getSetCookie().join("\n")).toContain("__session=");
    }
  });

  it("refuse a cross-site sign-out, which leaves the session working", async () => {
    const jar = await signedIn("forced-out@example.com");
    const out = await fetch(`${t.web.url}/api/local-auth/sign-out`, {
      method: "POST",
      headers: { cookie: jar.header(), origin: FOREIGN },
      redirect: "manual",
    });
    expect(out.status).toBe(403);
    expect(out.headers.getSetCookie()).toEqual([]);
    const me = await fetch(`${t.web.url}/api/trpc/me.get`, { headers: { cookie: jar.header() } });
    expect(me.status).toBe(200);
  });
});
