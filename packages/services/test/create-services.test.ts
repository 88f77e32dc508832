import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { createLogger } from "@adsconnect/logger";
import { generateFernetKey } from "@adsconnect/vault";
import { afterEach, describe, expect, it, vi } from "vitest";

import { createServices, servicesEnv } from "../src/index";

const environment = (
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> => ({
  DATABASE_URL: testDatabaseUrl(),
  ENCRYPTION_KEYS: generateFernetKey(),
  AMAZON_CLIENT_ID: "amzn1.application-oa2-client.services-test",
  AMAZON_CLIENT_SECRET: "services-test-secret",
  AMAZON_BASE_URL: "http://127.0.0.1:9/{region}",
  ...overrides,
});
const silent = createLogger("services-test", { level: "silent" });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("createServices", () => {
  it("builds every long-lived object from the environment, connects on first use, and closes cleanly", async () => {
    const services = createServices(servicesEnv({ runtimeEnv: environment() }), {
      name: "services-test",
      logger: silent,
      poolMax: 2,
      dbPoolMax: 1,
    });
    const { rows } = await services.pool.query<{ name: string }>(
      "SELECT current_setting('application_name') AS name",
    );
    expect(rows[0]!.name).toBe("adsconnect-services-test");
    const [prisma] = await services.db.$queryRaw<{ name: string }[]>`
      SELECT current_setting('application_name') AS name`;
    expect(prisma!.name).toBe("adsconnect-services-test");
    expect(services.amazonClientId).toBe("amzn1.application-oa2-client.services-test");
    expect(services.amazon.endpoints("EU").adsApiUrl).toBe("http://127.0.0.1:9/eu");
    // One client for reads and refreshes unless the caller retries refreshes itself.
    expect(services.amazonRefresh).toBe(services.amazon);
    expect(services.vault.decryptFor("ctx", services.vault.encryptFor("ctx", "secret"))).toBe(
      "secret",
    );
    expect(services.refresh).toEqual({
      leadSeconds: 600,
      failingAfter: 3,
      maxAttempts: 5,
      retryBaseMs: 5000,
      breaker: { minInvalidGrants: 5, share: 0.2, windowSeconds: 600 },
    });
    expect(services.now()).toBeInstanceOf(Date);

    await services.close();
    await services.close(); // twice is fine
    expect(services.pool.ended).toBe(true);
  });

  it("gives refreshes a client of their own when they should try once", async () => {
    const services = createServices(servicesEnv({ runtimeEnv: environment() }), {
      name: "services-test",
      logger: silent,
      refreshMaxAttempts: 1,
      now: () => new Date("2030-01-01T00:00:00Z"),
    });
    expect(services.amazonRefresh).not.toBe(services.amazon);
    expect(services.now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
    await services.close();
  });

  it("gives the hand-out's inline refreshes their own bounded connections and a one-attempt Amazon client", async () => {
    const services = createServices(
      servicesEnv({
        runtimeEnv: environment({
          REFRESH_INLINE_CONCURRENCY: "3",
          REFRESH_INLINE_TIMEOUT_MS: "1500",
          REFRESH_INLINE_LOCK_WAIT_MS: "700",
          REFRESH_INLINE_WAIT_MS: "20",
        }),
      }),
      { name: "services-test", logger: silent, poolMax: 2 },
    );
    const { inlineRefresh } = services;
    expect(inlineRefresh).toMatchObject({ concurrency: 3, lockWaitMs: 700, waitMs: 20 });
    expect(inlineRefresh.pool).not.toBe(services.pool);
    expect(inlineRefresh.pool.options.max).toBe(3);
    const { rows } = await inlineRefresh.pool.query<{ name: string }>(
      "SELECT current_setting('application_name') AS name",
    );
    expect(rows[0]!.name).toBe("adsconnect-services-test-inline-refresh");
    expect(inlineRefresh.amazon).not.toBe(services.amazon);
    expect(inlineRefresh.amazon).not.toBe(services.amazonRefresh);
    // One attempt: nothing answers on port 9, and the error says so after a single try.
    const error = await inlineRefresh.amazon
      .refreshAccessToken({ region: "NA", refreshToken: "Atzr|not-a-real-one" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ amazonKind: "network", attempts: 1 });
    await services.close();
    expect(inlineRefresh.pool.ended).toBe(true);
  });

  it("fails on a key ring that is not one before opening anything", () => {
    expect(() =>
      createServices(servicesEnv({ runtimeEnv: environment({ ENCRYPTION_KEYS: "not-a-key" }) }), {
        name: "services-test",
        logger: silent,
      }),
    ).toThrow();
  });
});

describe("the environment presets", () => {
  it("fill in every default", () => {
    const env = servicesEnv({
      runtimeEnv: {
        ENCRYPTION_KEYS: "k",
        AMAZON_CLIENT_ID: "id",
        AMAZON_CLIENT_SECRET: "secret",
        LOG_LEVEL: "",
      },
    });
    expect({ ...env }).toEqual({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres",
      ENCRYPTION_KEYS: "k",
      AMAZON_CLIENT_ID: "id",
      AMAZON_CLIENT_SECRET: "secret",
      AMAZON_TIMEOUT_MS: 10_000,
      APP_URL: "http://localhost:3000",
      LOG_LEVEL: "info",
      REFRESH_LEAD_SECONDS: 600,
      REFRESH_FAILING_AFTER: 3,
      REFRESH_MAX_ATTEMPTS: 5,
      REFRESH_RETRY_BASE_SECONDS: 5,
      REFRESH_INLINE_CONCURRENCY: 2,
      REFRESH_INLINE_TIMEOUT_MS: 5000,
      REFRESH_INLINE_LOCK_WAIT_MS: 2000,
      REFRESH_INLINE_WAIT_MS: 0,
      REFRESH_BREAKER_MIN_INVALID_GRANTS: 5,
      REFRESH_BREAKER_PERCENT: 20,
      REFRESH_BREAKER_WINDOW_SECONDS: 600,
    });
  });

  it.each([
    ["ENCRYPTION_KEYS", { ENCRYPTION_KEYS: undefined }, "ENCRYPTION_KEYS is required"],
    ["AMAZON_CLIENT_ID", { AMAZON_CLIENT_ID: "" }, "AMAZON_CLIENT_ID is required"],
    ["AMAZON_BASE_URL", { AMAZON_BASE_URL: "http://127.0.0.1:4599" }, "must contain {region}"],
    ["DATABASE_URL", { DATABASE_URL: "not a url" }, "DATABASE_URL"],
  ])("refuse a bad %s, saying why", (_name, overrides, message) => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => servicesEnv({ runtimeEnv: environment(overrides) })).toThrow(
      "Invalid environment variables",
    );
    expect(JSON.stringify(printed.mock.calls)).toContain(message);
  });

  it("read the mass-revocation breaker's settings into refresh.breaker", async () => {
    const services = createServices(
      servicesEnv({
        runtimeEnv: environment({
          REFRESH_BREAKER_MIN_INVALID_GRANTS: "10",
          REFRESH_BREAKER_PERCENT: "50",
          REFRESH_BREAKER_WINDOW_SECONDS: "300",
        }),
      }),
      { name: "services-test", logger: silent },
    );
    expect(services.refresh.breaker).toEqual({
      minInvalidGrants: 10,
      share: 0.5,
      windowSeconds: 300,
    });
    await services.close();
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() =>
      servicesEnv({ runtimeEnv: environment({ REFRESH_BREAKER_PERCENT: "0" }) }),
    ).toThrow("Invalid environment variables");
    expect(JSON.stringify(printed.mock.calls)).toContain("REFRESH_BREAKER_PERCENT");
  });

  it("leave the object they read alone", () => {
    const runtimeEnv = environment({ LOG_LEVEL: "" });
    servicesEnv({ runtimeEnv });
    expect(runtimeEnv.LOG_LEVEL).toBe("");
  });
});
