import { randomUUID } from "node:crypto";

import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { createLogger } from "@adsconnect/logger";
import {
  createServices,
  servicesEnv,
  type Services,
  type WebhookSettings,
} from "@adsconnect/services";
import { generateFernetKey } from "@adsconnect/vault";

import { createEndpoint } from "../../src/endpoints";

/** Development rules and a compressed schedule (ms): now, 300 ms, 600 ms. */
export const TEST_WEBHOOKS: WebhookSettings = {
  production: false,
  retryScheduleMs: [0, 300, 600],
  timeoutMs: 2000,
  secretOverlapMs: 60 * 60 * 1000,
};

// One key ring per test process: every Services here opens the others' ciphertexts (secrets).
const ENCRYPTION_KEYS = generateFernetKey();

/** Services on this run's database; Amazon at port 9 (never called here). */
export function createTestServices(webhooks: Partial<WebhookSettings> = {}): Services {
  return createServices(
    servicesEnv({
      runtimeEnv: {
        DATABASE_URL: testDatabaseUrl(),
        ENCRYPTION_KEYS,
        AMAZON_CLIENT_ID: "amzn1.application-oa2-client.test",
        AMAZON_CLIENT_SECRET: "test-client-secret",
        AMAZON_BASE_URL: "http://127.0.0.1:9/{region}",
      },
    }),
    {
      name: "webhooks-test",
      logger: createLogger("webhooks-test", { level: "silent" }),
      poolMax: 10,
      idleTimeoutMillis: 1000,
      webhooks: { ...TEST_WEBHOOKS, ...webhooks },
    },
  );
}

/** A workspace of its own with `accounts` active accounts. */
export async function createWorkspace(
  services: Pick<Services, "db">,
  accounts = 1,
): Promise<{ workspaceId: string; accountIds: string[] }> {
  const workspace = await services.db.workspace.create({
    data: { kind: "local", name: `Webhooks test ${randomUUID().slice(0, 8)}` },
  });
  const accountIds: string[] = [];
  for (let i = 0; i < accounts; i++) {
    const account = await services.db.amazonAccount.create({
      data: {
        workspaceId: workspace.id,
        amazonUserId: `amzn1.account.${randomUUID()}`,
        consentRegion: "NA",
        consentedAt: new Date(),
      },
    });
    accountIds.push(account.id);
  }
  return { workspaceId: workspace.id, accountIds };
}

/** An endpoint of the workspace at `url` for `eventTypes` (empty: all); returns its id and secret. */
export async function addEndpoint(
  services: Services,
  workspaceId: string,
  url: string,
  eventTypes: string[] = [],
): Promise<{ endpointId: string; secret: string }> {
  const { endpoint, secret } = await createEndpoint(services, {
    workspaceId,
    createdById: null,
    url,
    eventTypes,
  });
  return { endpointId: endpoint.id, secret };
}
