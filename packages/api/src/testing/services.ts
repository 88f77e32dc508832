import { createAmazonClient } from "@adsconnect/amazon";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { createTokensPool } from "@adsconnect/tokens/pool";
import { generateFernetKey, TokenVault } from "@adsconnect/vault";

import type { ApiServices } from "../context";

/**
 * Services for tests of procedures that never reach Amazon (listing,
 * disconnecting, building a consent URL). Pass a sandbox's template for
 * tests that do. The default origin is port 9 (discard): nothing answers
 * there, so an unexpected call fails loudly as a network error.
 */
export function createTestServices(
  options: {
    amazonBaseUrlTemplate?: string;
    clientId?: string;
    clientSecret?: string;
    /** Default: one pool per test process on this run's database (see testPgPool). */
    pgPool?: ApiServices["pgPool"];
  } = {},
): ApiServices {
  const clientId = options.clientId ?? "amzn1.application-oa2-client.test";
  return {
    vault: TokenVault.fromEncryptionKeys(generateFernetKey()),
    amazon: createAmazonClient({
      clientId,
      clientSecret: options.clientSecret ?? "test-client-secret",
      redirectUri: "http://localhost:3000/api/amazon/callback",
      baseUrlTemplate: options.amazonBaseUrlTemplate ?? "http://127.0.0.1:9/{region}",
      retry: { maxAttempts: 1 },
    }),
    amazonClientId: clientId,
    pgPool: options.pgPool ?? testPgPool(),
  };
}

let sharedPool: ApiServices["pgPool"] | undefined;

/**
 * One node-postgres pool per test process on this run's database, shared by
 * every createTestServices(). Its idle connections close after a second, so
 * it never keeps a finished test process alive.
 */
export function testPgPool(): ApiServices["pgPool"] {
  sharedPool ??= createTokensPool(testDatabaseUrl(), { max: 4, idleTimeoutMillis: 1000 });
  return sharedPool;
}
