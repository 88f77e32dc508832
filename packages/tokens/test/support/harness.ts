import { createAmazonClient, type AmazonClient, type AmazonClientConfig } from "@adsconnect/amazon";
import { createLogger, type Logger } from "@adsconnect/logger";
import { startSandboxProcess, type SandboxProcess } from "@adsconnect/test-sandbox";
import { generateFernetKey, TokenVault } from "@adsconnect/vault";
import pg from "pg";

import type { TokensDeps } from "../../src/deps";

export interface Harness {
  pool: pg.Pool;
  sandbox: SandboxProcess;
  vault: TokenVault;
  /** The comma-separated keys behind `vault`, for child processes. */
  encryptionKeys: string;
  amazon: AmazonClient;
  logger: Logger;
  deps(overrides?: Partial<TokensDeps>): TokensDeps;
  /** An Amazon client on this sandbox with other settings (e.g. a short timeout). */
  amazonWith(config: Partial<AmazonClientConfig>): AmazonClient;
  close(): Promise<void>;
}

/** A pool on `databaseUrl`, a sandbox process, a fresh vault and an Amazon client that tries once. */
export async function startHarness(databaseUrl: string): Promise<Harness> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  pool.on("error", () => {});
  const sandbox = await startSandboxProcess();
  const encryptionKeys = generateFernetKey();
  const vault = TokenVault.fromEncryptionKeys(encryptionKeys);
  const logger = createLogger("tokens-test", { level: "silent" });
  const amazonWith = (config: Partial<AmazonClientConfig>) =>
    createAmazonClient({
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      redirectUri: sandbox.redirectUris[0]!,
      baseUrlTemplate: sandbox.baseUrlTemplate,
      // One attempt per refresh: the counters then say exactly how many calls were made.
      retry: { maxAttempts: 1 },
      timeoutMs: 5_000,
      ...config,
    });
  const amazon = amazonWith({});
  return {
    pool,
    sandbox,
    vault,
    encryptionKeys,
    amazon,
    logger,
    amazonWith,
    deps: (overrides = {}) => ({
      pool,
      vault,
      amazon,
      clientId: sandbox.clientId,
      logger,
      ...overrides,
    }),
    close: async () => {
      await sandbox.stop();
      await pool.end();
    },
  };
}
