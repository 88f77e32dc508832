import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";

import { createActor, type TestActor } from "@adsconnect/api/testing";
import { createLogger } from "@adsconnect/logger";
import { createServices, servicesEnv, type Services } from "@adsconnect/services";
import { startSandboxProcess, type SandboxProcess } from "@adsconnect/test-sandbox";
import {
  createAccount,
  type CreateAccountOptions,
  type TestAccount,
} from "@adsconnect/tokens/testing";
import { generateFernetKey } from "@adsconnect/vault";

import { createAdsProxy, type AdsProxy, type AdsProxyOptions } from "../../src/index";

export const SELLER = "amzn1.account.AFSBXSELLER2REGIONS0000000001";
export const SELLER_US_PROFILE = "4400000000000000101";
export const SELLER_UK_PROFILE = "4400000000000000201";
export const VENDOR_US_PROFILE = "4400000000000000301";
export const AGENCY = "amzn1.account.AFSBXAGENCYDSP000000000000003";
export const AGENCY_US_PROFILE = "4400000000000000501";

export interface ServedProxy {
  /** e.g. "http://127.0.0.1:41234" */
  origin: string;
  proxy: AdsProxy;
  server: Server;
  close(): Promise<void>;
}

export interface Harness {
  sandbox: SandboxProcess;
  services: Services;
  /** Environment of `services`, for child processes. */
  env: Record<string, string>;
  /** Every log line the proxies of `services` wrote, parsed; and the raw text. */
  logs(): Record<string, unknown>[];
  logText(): string;
  clearLogs(): void;
  /** The proxy on its own node:http server at 127.0.0.1 on a free port. */
  serve(options?: AdsProxyOptions, services?: Services): Promise<ServedProxy>;
  /** A person with an active API key. */
  actor(label?: string): Promise<TestActor>;
  /** An account of `owner` whose refresh token is a real sandbox grant (default: Sam Seller's, expired access token). */
  account(owner: TestActor, options?: CreateAccountOptions): Promise<TestAccount>;
  /** Other services on this database (e.g. Amazon at another base URL), logging to the same capture. */
  servicesWith(env: Record<string, string>): Services;
  close(): Promise<void>;
}

/** A sandbox process, services on this run's database with a capturing logger, and proxies served on demand. */
export async function startHarness(databaseUrl: string): Promise<Harness> {
  const sandbox = await startSandboxProcess();
  const env = {
    DATABASE_URL: databaseUrl,
    ENCRYPTION_KEYS: generateFernetKey(),
    ...sandbox.appEnv,
    AMAZON_TIMEOUT_MS: "5000",
  };
  let lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      callback();
    },
  });
  const logger = createLogger("ads-proxy-test", { level: "info" }, stream);
  const opened: Services[] = [];
  const servicesWith = (overrides: Record<string, string>) => {
    const services = createServices(servicesEnv({ runtimeEnv: { ...env, ...overrides } }), {
      name: "ads-proxy-test",
      logger,
      poolMax: 10,
      refreshMaxAttempts: 1,
    });
    opened.push(services);
    return services;
  };
  const services = servicesWith({});
  const served: ServedProxy[] = [];

  return {
    sandbox,
    services,
    env,
    logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    logText: () => lines.join("\n"),
    clearLogs: () => {
      lines = [];
    },
    serve: async (options = {}, on = services) => {
      const proxy = createAdsProxy(on, options);
      const server = createServer((req, res) => void proxy(req, res));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      const one: ServedProxy = {
        origin: `http://127.0.0.1:${port}`,
        proxy,
        server,
        close: () =>
          new Promise<void>((resolve, reject) => {
            proxy.close();
            server.closeAllConnections();
            server.close((error) => (error ? reject(error) : resolve()));
          }),
      };
      served.push(one);
      return one;
    },
    actor: (label = "app owner") => createActor(services.db, label),
    account: (owner, options = {}) =>
      createAccount(services.pool, services.vault, sandbox, {
        userId: owner.userId,
        amazonUserId: SELLER,
        expiresInSeconds: -60,
        ...options,
      }),
    servicesWith,
    close: async () => {
      await Promise.allSettled(served.map((s) => s.close()));
      await sandbox.stop();
      await Promise.allSettled(opened.map((s) => s.close()));
    },
  };
}
