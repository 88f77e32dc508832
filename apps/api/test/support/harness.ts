import { createActor, type TestActor } from "@adsconnect/api/testing";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { createLogger } from "@adsconnect/logger";
import { createServices, servicesEnv, type Services } from "@adsconnect/services";
import { generateFernetKey } from "@adsconnect/vault";

/** What the service process and this test process share: the database and the key ring. */
export interface Shared {
  /** The environment the service is started with (besides PATH, HOME, PORT). */
  env: Record<string, string>;
  /** This test process's own services on the same database and keys: to set up and inspect. */
  services: Services;
  close(): Promise<void>;
}

/**
 * One run's database (from the global setup) and a fresh key ring, for a service whose Amazon
 * is `amazonBaseUrl` (default port 9: nothing answers) with `amazon` client credentials.
 */
export function shared(
  amazon: { baseUrlTemplate?: string; clientId?: string; clientSecret?: string } = {},
): Shared {
  const env = {
    DATABASE_URL: testDatabaseUrl(),
    ENCRYPTION_KEYS: generateFernetKey(),
    AMAZON_CLIENT_ID: amazon.clientId ?? "amzn1.application-oa2-client.api-test",
    AMAZON_CLIENT_SECRET: amazon.clientSecret ?? "api-test-client-secret",
    AMAZON_BASE_URL: amazon.baseUrlTemplate ?? "http://127.0.0.1:9/{region}",
    API_URL: "http://api.adsconnect.test",
    // Every test file of a run shares one database and calls from 127.0.0.1, so the rate limits
    // would count them all together; limits.test.ts sets small budgets and callers' own IPs.
    RATE_LIMIT_API_KEY: "1000000",
    RATE_LIMIT_BAD_API_KEY_PER_IP: "1000000",
  };
  const services = createServices(servicesEnv({ runtimeEnv: env }), {
    name: "api-service-test",
    logger: createLogger("api-service-test", { level: "silent" }),
    poolMax: 2,
    dbPoolMax: 2,
    idleTimeoutMillis: 1000,
  });
  return { env, services, close: () => services.close() };
}

/** A person with an active API key, in the shared database. */
export function person(services: Services, label = "app owner"): Promise<TestActor> {
  return createActor(services.db, label);
}
