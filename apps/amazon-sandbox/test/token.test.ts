import { describe, expect, it } from "vitest";
import {
  adsHeaders,
  CLIENT_ID,
  CLIENT_SECRET,
  connect,
  consent,
  exchange,
  pkcePair,
  REDIRECT_URI,
  refresh,
  SELLER,
  startSandbox,
  tokenCall,
} from "./support/sandbox";

const INVALID_REFRESH =
  '{"error":"invalid_grant","error_description":"The request has an invalid grant parameter : refresh_token"}';

async function codeFor(base: string, params: Record<string, string | undefined> = {}) {
  return (await consent(base, { params })).searchParams.get("code")!;
}

describe("token endpoint", () => {
  it("refuses a wrong client secret or client id with 401 invalid_client", async () => {
    const { base } = await startSandbox();
    const { refresh_token } = await connect(base("na"));
    const attempts: Record<string, string>[] = [
      { client_id: CLIENT_ID, client_secret: "wrong" },
      { client_id: "amzn1.application-oa2-client.other", client_secret: CLIENT_SECRET },
      { client_id: CLIENT_ID },
    ];
    for (const fields of attempts) {
      const res = await tokenCall(base("na"), {
        grant_type: "refresh_token",
        refresh_token,
        ...fields,
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: "invalid_client",
        error_description: "Client authentication failed",
      });
    }
  });

  it("accepts HTTP Basic client authentication, and refuses Basic plus a form secret", async () => {
    const { base } = await startSandbox();
    const { refresh_token } = await connect(base("na"));
    const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`;
    const ok = await tokenCall(
      base("na"),
      { grant_type: "refresh_token", refresh_token },
      { headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic } },
    );
    expect(ok.status).toBe(200);
    const wrong = `Basic ${Buffer.from(`${CLIENT_ID}:nope`).toString("base64")}`;
    const bad = await tokenCall(
      base("na"),
      { grant_type: "refresh_token", refresh_token },
      { headers: { "content-type": "application/x-www-form-urlencoded", authorization: wrong } },
    );
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toMatch(/^Basic/);
    const both = await tokenCall(
      base("na"),
      { grant_type: "refresh_token", refresh_token, client_secret: CLIENT_SECRET },
      { headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic } },
    );
    expect(both.status).toBe(400);
    expect(await both.json()).toMatchObject({ error: "invalid_request" });
  });

  it("refuses a JSON body with 400 invalid_request", async () => {
    const { base } = await startSandbox();
    const { refresh_token } = await connect(base("na"));
    const res = await fetch(`${base("na")}/auth/o2/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "refresh_token",
        refresh_token,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_request" });
  });

  it("answers missing parameters with invalid_request and unknown grant types with unsupported_grant_type", async () => {
    const { base } = await startSandbox();
    const creds = { client_id: CLIENT_ID, client_secret: CLIENT_SECRET };
    const cases: [Record<string, string>, string, string][] = [
      [{ ...creds }, "invalid_request", "The request is missing a required parameter : grant_type"],
      [
        { ...creds, grant_type: "refresh_token" },
        "invalid_request",
        "The request is missing a required parameter : refresh_token",
      ],
      [
        { ...creds, grant_type: "authorization_code", redirect_uri: REDIRECT_URI },
        "invalid_request",
        "The request is missing a required parameter : code",
      ],
      [
        { ...creds, grant_type: "authorization_code", code: "ANx" },
        "invalid_request",
        "The request is missing a required parameter : redirect_uri",
      ],
      [
        { ...creds, grant_type: "password" },
        "unsupported_grant_type",
        "The authorization grant type is not supported by the authorization server",
      ],
    ];
    for (const [fields, error, description] of cases) {
      const res = await tokenCall(base("na"), fields);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error, error_description: description });
    }
  });

  it("answers an unknown or tampered refresh token with Amazon's exact invalid_grant body", async () => {
    const { base } = await startSandbox();
    const { refresh_token } = await connect(base("na"));
    const tampered =
      refresh_token.slice(0, -4) + (refresh_token.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (const token of ["Atzr|not-a-token", tampered]) {
      const res = await refresh(base("na"), token);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await res.text()).toBe(INVALID_REFRESH);
    }
  });

  it("uses a code once: the second exchange fails and revokes what the first issued", async () => {
    const { base } = await startSandbox();
    const code = await codeFor(base("na"));
    const first = await exchange(base("na"), code);
    expect(first.status).toBe(200);
    const tokens = (await first.json()) as { refresh_token: string; access_token: string };
    const second = await exchange(base("na"), code);
    expect(second.status).toBe(400);
    expect(await second.json()).toEqual({
      error: "invalid_grant",
      error_description: "The request has an invalid grant parameter : code",
    });
    expect((await refresh(base("na"), tokens.refresh_token)).status).toBe(400);
    const ads = await fetch(`${base("na")}/v2/profiles`, {
      headers: adsHeaders(tokens.access_token),
    });
    expect(ads.status).toBe(401);
  });

  it("expires a code after five minutes (injected clock)", async () => {
    const { base, clock } = await startSandbox();
    const fresh = await codeFor(base("na"));
    clock.advance(299_000);
    expect((await exchange(base("na"), fresh)).status).toBe(200);
    const stale = await codeFor(base("na"));
    clock.advance(300_000);
    const res = await exchange(base("na"), stale);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("requires the redirect_uri used at consent", async () => {
    const { base } = await startSandbox();
    const code = await codeFor(base("na"));
    const res = await exchange(base("na"), code, {
      redirect_uri: "http://localhost:3000/other/callback",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: "invalid_grant",
      error_description: "The request has an invalid grant parameter : redirect_uri",
    });
  });

  it("checks the PKCE verifier (S256 and plain)", async () => {
    const { base } = await startSandbox();
    const { verifier, challenge } = pkcePair();
    const s256 = { code_challenge: challenge, code_challenge_method: "S256" };

    const missing = await exchange(base("na"), await codeFor(base("na"), s256));
    expect(missing.status).toBe(400);
    const wrong = await exchange(base("na"), await codeFor(base("na"), s256), {
      code_verifier: pkcePair().verifier,
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: "invalid_grant" });
    const right = await exchange(base("na"), await codeFor(base("na"), s256), {
      code_verifier: verifier,
    });
    expect(right.status).toBe(200);

    // Without a method, the challenge is plain: the verifier must equal it.
    const plainCode = await codeFor(base("na"), { code_challenge: verifier });
    expect((await exchange(base("na"), plainCode, { code_verifier: challenge })).status).toBe(400);
    const plainCode2 = await codeFor(base("na"), { code_challenge: verifier });
    expect((await exchange(base("na"), plainCode2, { code_verifier: verifier })).status).toBe(200);
  });

  it("issues access tokens with the configured lifetime and answers refreshes with the same refresh token", async () => {
    const { base } = await startSandbox({ accessTokenLifetimeSeconds: 120 });
    const tokens = await connect(base("na"), SELLER);
    expect(tokens.expires_in).toBe(120);
    const res = await refresh(base("eu"), tokens.refresh_token);
    const body = (await res.json()) as {
      refresh_token: string;
      expires_in: number;
      token_type: string;
    };
    expect(body).toMatchObject({
      refresh_token: tokens.refresh_token,
      expires_in: 120,
      token_type: "bearer",
    });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("puts x-amzn-RequestId on every answer, errors included", async () => {
    const { base, url } = await startSandbox();
    const answers = await Promise.all([
      refresh(base("na"), "Atzr|bad"),
      fetch(`${base("na")}/auth/o2/token`),
      fetch(`${url}/__sandbox/health`),
      fetch(authorizeFor(base("na"))),
    ]);
    const ids = answers.map((r) => r.headers.get("x-amzn-requestid"));
    expect(ids.every((id) => typeof id === "string" && id.length > 10)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

function authorizeFor(base: string) {
  return `${base}/ap/oa?client_id=nobody`;
}
