import { createAmazonClient, type AmazonClient, type AmazonClientConfig } from "@adsconnect/amazon";
import { createLogger, type Logger } from "@adsconnect/logger";
import { createServices, servicesEnv, type Services } from "@adsconnect/services";
import { startSandboxProcess, type SandboxProcess } from "@adsconnect/test-sandbox";
import { generateFernetKey, type TokenVault } from "@adsconnect/vault";
import type pg from "pg";

export interface Harness {
  pool: pg.Pool;
  sandbox: SandboxProcess;
  vault: TokenVault;
  /** The environment behind `services()`, for child processes. */
  env: Record<string, string>;
  /** The refresh client: it tries once, so the sandbox's counters say exactly how many calls were made. */
  amazon: AmazonClient;
  logger: Logger;
  /** This harness's services, with some fields replaced. */
  services(overrides?: Partial<Services>): Services;
  /** An Amazon client on this sandbox with other settings (e.g. a short timeout). */
  amazonWith(config: Partial<AmazonClientConfig>): AmazonClient;
  close(): Promise<void>;
}

/** Services on `databaseUrl` and a sandbox process, with a fresh vault and an Amazon client that tries once per refresh. */
export async function startHarness(databaseUrl: string): Promise<Harness> {
  const sandbox = await startSandboxProcess();
  const env = {
    DATABASE_URL: databaseUrl,
    ENCRYPTION_KEYS: generateFernetKey(),
    ...sandbox.appEnv,
    AMAZON_TIMEOUT_MS: "5000",
    // Callers here wait for an inline refresh to see what it did (by default one whose stored
    // token is still valid gets that token at once); tests of the bounds set their own.
    REFRESH_INLINE_WAIT_MS: "10000",
  };
  const logger = createLogger("tokens-test", { level: "silent" });
  const services = createServices(servicesEnv({ runtimeEnv: env }), {
    name: "tokens-test",
    logger,
    poolMax: 20,
    refreshMaxAttempts: 1,
  });
  const amazonWith = (config: Partial<AmazonClientConfig>) =>
    createAmazonClient({
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      redirectUri: sandbox.redirectUris[0]!,
      baseUrlTemplate: sandbox.baseUrlTemplate,
      retry: { maxAttempts: 1 },
      timeoutMs: 5_000,
      ...config,
    });
  return {
    pool: services.pool,
    sandbox,
    vault: services.vault,
    env,
    amazon: services.amazonRefresh,
    logger,
    amazonWith,
    services: (overrides = {}) => ({ ...services, ...overrides }),
    close: async () => {
      await sandbox.stop();
      await services.close();
    },
  };
}
