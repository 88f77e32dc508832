import { inspect } from "node:util";
import { startSandboxProcess, type SandboxProcess, type UserKind } from "@adsconnect/test-sandbox";
import { expect } from "vitest";
import { createAmazonClient, type AmazonClient, type AmazonClientConfig } from "../../src/index";

export const REDIRECT_URI = "http://localhost:3000/api/amazon/callback";

export function startSandbox(): Promise<SandboxProcess> {
  return startSandboxProcess({ redirectUris: [REDIRECT_URI] });
}

export interface TestClient {
  client: AmazonClient;
  /** Every wait the client asked for between attempts, in ms (none is actually waited). */
  waits: number[];
}

/** A client for the sandbox that records its backoff waits instead of sleeping through them. */
export function clientFor(
  sandbox: SandboxProcess,
  overrides: Partial<AmazonClientConfig> = {},
): TestClient {
  const waits: number[] = [];
  const client = createAmazonClient({
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    redirectUri: REDIRECT_URI,
    baseUrlTemplate: sandbox.baseUrlTemplate,
    retry: { baseDelayMs: 100, maxDelayMs: 8_000 },
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  });
  return { client, waits };
}

/** A fresh grant for a seeded user without going through consent (the sandbox's mint). */
export async function grantFor(
  sandbox: SandboxProcess,
  kind: UserKind,
  scope?: string,
): Promise<{ userId: string; refreshToken: string }> {
  const user = await sandbox.admin.user(kind);
  const [grant] = await sandbox.admin.mintGrants({
    userId: user.userId,
    ...(scope === undefined ? {} : { scope }),
  });
  return { userId: user.userId, refreshToken: grant!.refreshToken };
}

export async function accessTokenFor(
  sandbox: SandboxProcess,
  client: AmazonClient,
  kind: UserKind,
  scope?: string,
): Promise<{ userId: string; accessToken: string; refreshToken: string }> {
  const grant = await grantFor(sandbox, kind, scope);
  const tokens = await client.refreshAccessToken({
    region: "NA",
    refreshToken: grant.refreshToken,
  });
  return { ...grant, accessToken: tokens.accessToken };
}

/** Whatever a log line, an error page or a debugger would show of the error holds no secret. */
export function expectNoSecrets(error: unknown, secrets: readonly string[]): void {
  const shown = [
    String(error),
    (error as Error).message,
    JSON.stringify(error),
    inspect(error, { depth: 5 }),
  ].join("\n");
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(5);
    expect(shown).not.toContain(secret);
  }
}

/** The rejection of a promise that must fail, for assertions on its fields. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
