import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { createLogger } from "@adsconnect/logger";
import { createServices, servicesEnv, type Services } from "@adsconnect/services";
import { generateFernetKey } from "@adsconnect/vault";

let shared: Services | undefined;

/**
 * Services for API tests, on this run's database, with a vault of their own
 * and Amazon at port 9 (discard): nothing answers there, so a call that
 * reaches Amazon fails loudly as a network error (a refresh tries once).
 * One per test process, shared, so callers never open pools of their own:
 * its idle connections close after a second, so it never keeps a finished
 * test process alive. `overrides` replace fields, such as a test's own
 * Prisma client or a logger that captures.
 */
export function createTestServices(overrides: Partial<Services> = {}): Services {
  shared ??= createServices(
    servicesEnv({
      runtimeEnv: {
        DATABASE_URL: testDatabaseUrl(),
        ENCRYPTION_KEYS: generateFernetKey(),
        AMAZON_CLIENT_ID: "amzn1.application-oa2-client.test",
        AMAZON_CLIENT_SECRET: "test-client-secret",
        AMAZON_BASE_URL: "http://127.0.0.1:9/{region}",
      },
    }),
    {
      name: "api-test",
      logger: createLogger("api-test", { level: "silent" }),
      poolMax: 4,
      dbPoolMax: 4,
      idleTimeoutMillis: 1000,
      refreshMaxAttempts: 1,
    },
  );
  return { ...shared, ...overrides };
}
