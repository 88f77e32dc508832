import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConsentPageError,
  createPkce,
  driveConsent,
  startSandboxProcess,
  type SandboxProcess,
} from "../src/index";

let sandbox: SandboxProcess;
beforeAll(async () => {
  sandbox = await startSandboxProcess({
    redirectUris: ["http://localhost:3999/api/amazon/callback"],
  });
});
afterAll(async () => {
  await sandbox?.stop();
});

describe("startSandboxProcess", () => {
  it("runs the sandbox as a process: consent over HTTP, code exchange, counters, stop", async () => {
    expect(sandbox.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.baseUrlTemplate).toBe(`${sandbox.origin}/{region}`);
    expect(await sandbox.admin.health()).toMatchObject({
      status: "ok",
      clientId: sandbox.clientId,
    });

    const agency = await sandbox.admin.user("agency");
    const dsp = agency.profiles.find((p) => p.dspAdvertiserCount !== undefined)!;
    expect(BigInt(dsp.profileId) > 2n ** 53n).toBe(true);

    const pkce = createPkce();
    const allowed = await sandbox.consent({
      userId: agency.userId,
      region: "eu",
      state: "st-1",
      codeChallenge: pkce.challenge,
      codeChallengeMethod: pkce.method,
    });
    expect(allowed.url.origin + allowed.url.pathname).toBe(
      "http://localhost:3999/api/amazon/callback",
    );
    expect(allowed.state).toBe("st-1");
    expect(allowed.code).toMatch(/^AN/);

    const token = await fetch(sandbox.baseUrl("na") + "/auth/o2/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: allowed.code!,
        redirect_uri: sandbox.redirectUris[0]!,
        client_id: sandbox.clientId,
        client_secret: sandbox.clientSecret,
        code_verifier: pkce.verifier,
      }),
    });
    expect(token.status).toBe(200);
    expect(await token.json()).toMatchObject({ token_type: "bearer", expires_in: 3600 });

    const cancelled = await sandbox.consent({
      userId: agency.userId,
      decision: "cancel",
      state: "st-2",
    });
    expect(cancelled).toMatchObject({ error: "access_denied", state: "st-2", code: undefined });

    await expect(
      driveConsent(`${sandbox.origin}/na/ap/oa?client_id=unknown&response_type=code`, {
        userId: agency.userId,
      }),
    ).rejects.toBeInstanceOf(ConsentPageError);

    const counters = await sandbox.admin.counters();
    expect(counters.consent).toEqual({ page: 3, allow: 1, cancel: 1 });
    expect(counters.token.authorization_code).toBe(1);

    await sandbox.admin.failTokenCalls({ status: 429, retryAfterSeconds: 2 });
    expect((await sandbox.admin.faults()).tokenFailures).toHaveLength(1);
    await sandbox.admin.reset();
    expect((await sandbox.admin.counters()).consent.page).toBe(0);
    const [grant] = await sandbox.admin.mintGrants({ count: 1 });
    expect(grant!.refreshToken).toMatch(/^Atzr\|/);

    await sandbox.stop();
    await expect(fetch(`${sandbox.origin}/__sandbox/health`)).rejects.toThrow();
  });
});
