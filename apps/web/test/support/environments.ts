import { generateLocalAuthKeyPair } from "@adsconnect/auth";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { generateFernetKey } from "@adsconnect/vault";

/** The machine API's origin the web servers under test name to a bearer (API_URL). */
export const API_URL = "http://api.adsconnect.test";

/** What every web server under test needs, whatever its sign-in mode. */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    API_URL,
    DATABASE_URL: testDatabaseUrl(),
    ENCRYPTION_KEYS: generateFernetKey(),
    AMAZON_CLIENT_ID: "amzn1.application-oa2-client.web-test",
    AMAZON_CLIENT_SECRET: "web-test-client-secret",
    // Nothing listens on port 9: a test that needs Amazon passes the sandbox's template.
    AMAZON_BASE_URL: "http://127.0.0.1:9/{region}",
    // Every web server of a run shares one database and sees every test's requests from one
    // address, so the per-IP limits would count them all together; limits.test.ts sets its own.
    RATE_LIMIT_SIGN_IN_PER_IP: "1000000",
    RATE_LIMIT_OAUTH_CALLBACK_PER_IP: "1000000",
    ...extra,
  };
}

/** Local sign-in on the production build (allowed explicitly, as a demo would). */
export function localAuthEnv(extra: Record<string, string> = {}) {
  const { privateKeyPem } = generateLocalAuthKeyPair();
  return baseEnv({
    AUTH_PROVIDER: "local",
    LOCAL_AUTH_PRIVATE_KEY: privateKeyPem,
    CLERK_ENCRYPTION_KEY: "web-test-request-encryption-key",
    ALLOW_LOCAL_AUTH_IN_PRODUCTION: "true",
    ...extra,
  });
}
