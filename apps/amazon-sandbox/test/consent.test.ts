import { describe, expect, it } from "vitest";
import {
  authorizeUrl,
  consent,
  NOBODY,
  REDIRECT_URI,
  SELLER,
  startSandbox,
} from "./support/sandbox";

describe("consent page", () => {
  it("renders an accessible page with a radio per seeded user and Allow/Cancel buttons", async () => {
    const { base } = await startSandbox();
    const res = await fetch(authorizeUrl(base("na")));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<legend>Sign in as<\/legend>/);
    for (const userId of [SELLER, NOBODY]) {
      expect(html).toMatch(
        new RegExp(
          `<input type="radio" name="user" id="user-\\d" value="${userId.replace(/\./g, "\\.")}"`,
        ),
      );
    }
    expect(html).toMatch(/<label for="user-0">/);
    expect(html).toContain(
      '<button type="submit" name="decision" value="allow" id="allow" class="primary">Allow</button>',
    );
    expect(html).toContain(
      '<button type="submit" name="decision" value="cancel" id="cancel">Cancel</button>',
    );
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it("shows a 400 error page and never redirects for an unknown client id", async () => {
    const { base } = await startSandbox();
    const res = await fetch(
      authorizeUrl(base("na"), { client_id: "amzn1.application-oa2-client.other" }),
      {
        redirect: "manual",
      },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("An unknown client_id was provided.");
  });

  it("shows a 400 error page and never redirects for a return URL that is not allowed exactly", async () => {
    const { base } = await startSandbox();
    for (const redirect_uri of [
      `${REDIRECT_URI}/`,
      "http://localhost:3000/api/amazon/callback?x=1",
      "https://evil.example/cb",
      undefined,
    ]) {
      const res = await fetch(authorizeUrl(base("eu"), { redirect_uri }), { redirect: "manual" });
      expect(res.status).toBe(400);
      expect(res.headers.get("location")).toBeNull();
      expect(await res.text()).toContain("has not been whitelisted");
    }
  });

  it("redirects with error=invalid_scope when the Ads scope is missing or a scope is unknown", async () => {
    const { base } = await startSandbox();
    for (const scope of ["profile", "advertising::campaign_management bogus::scope", ""]) {
      const res = await fetch(authorizeUrl(base("na"), { scope, state: "s1" }), {
        redirect: "manual",
      });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get("location")!);
      expect(location.origin + location.pathname).toBe(REDIRECT_URI);
      expect(location.searchParams.get("error")).toBe("invalid_scope");
      expect(location.searchParams.get("state")).toBe("s1");
    }
  });

  it("redirects with an OAuth error for a bad response_type or PKCE method", async () => {
    const { base } = await startSandbox();
    const check = async (params: Record<string, string>, error: string) => {
      const res = await fetch(authorizeUrl(base("fe"), params), { redirect: "manual" });
      expect(res.status).toBe(302);
      expect(new URL(res.headers.get("location")!).searchParams.get("error")).toBe(error);
    };
    await check({ response_type: "token" }, "unsupported_response_type");
    await check(
      { code_challenge: "a".repeat(43), code_challenge_method: "S512" },
      "invalid_request",
    );
    await check({ code_challenge_method: "S256" }, "invalid_request");
    await check({ code_challenge: "too-short" }, "invalid_request");
  });

  it("Cancel redirects with access_denied, a description and the state", async () => {
    const { base, sandbox } = await startSandbox();
    const location = await consent(base("na"), {
      decision: "cancel",
      params: { state: "keep me" },
    });
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("error_description")).toBeTruthy();
    expect(location.searchParams.get("state")).toBe("keep me");
    expect(location.searchParams.get("code")).toBeNull();
    expect(sandbox.counters().consent).toEqual({ page: 1, allow: 0, cancel: 1 });
  });

  it("Allow without state leaves state out, and keeps the return URL's own query", async () => {
    const { base } = await startSandbox({
      allowedRedirectUris: ["http://localhost:3000/cb?tenant=7"],
    });
    const location = await consent(base("na"), {
      params: { state: undefined, redirect_uri: "http://localhost:3000/cb?tenant=7" },
    });
    expect(location.searchParams.get("tenant")).toBe("7");
    expect(location.searchParams.get("code")).toMatch(/^AN/);
    expect(location.searchParams.has("state")).toBe(false);
  });

  it("re-checks the submitted form: an unknown user or a tampered return URL is refused", async () => {
    const { base } = await startSandbox();
    const form = (extra: Record<string, string>) =>
      fetch(`${base("na")}/ap/oa`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          client_id: "amzn1.application-oa2-client.testclient",
          redirect_uri: REDIRECT_URI,
          response_type: "code",
          scope: "advertising::campaign_management",
          decision: "allow",
          ...extra,
        }),
        redirect: "manual",
      });
    const unknownUser = await form({ user: "amzn1.account.NOTAUSER" });
    expect(unknownUser.status).toBe(400);
    expect(await unknownUser.text()).toContain("Choose the Amazon account");
    const tampered = await form({ user: SELLER, redirect_uri: "https://evil.example/cb" });
    expect(tampered.status).toBe(400);
    expect(tampered.headers.get("location")).toBeNull();
  });
});
