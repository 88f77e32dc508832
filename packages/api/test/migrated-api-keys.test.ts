// Every API key made before workspaces keeps working after the workspaces migration
// (issue 14): each raw key, looked up by the real lookup and used on the machine router,
// does exactly what it did before: the same permissions, account list, expiry and
// revocation, now acting for its owner's personal workspace. The data side of the
// migration is tooling/db-dev/test/workspaces-migration.test.ts.
import type { Db } from "@adsconnect/db/client";
import { migrateDatabase } from "@adsconnect/db/migrate";
import {
  createDatabaseBefore,
  seedPreWorkspacesData,
  WORKSPACES_MIGRATION,
  type PreWorkspacesData,
  type SeededApiKey,
  type TestDatabase,
} from "@adsconnect/db-dev/testing";
import { createLogger } from "@adsconnect/logger";
import { createServices, servicesEnv, type Services } from "@adsconnect/services";
import { generateFernetKey } from "@adsconnect/vault";
import { beforeAll, describe, expect, it } from "vitest";

import { API_KEY_PERMISSIONS } from "../src/domain/api-keys/scopes";
import {
  authorizeKey,
  lookUpApiKey,
  MissingPermissionError,
} from "../src/domain/api-keys/authenticate-api-key";
import { caught, machineCallerFor } from "./support/callers";

const encryptionKey = generateFernetKey();
let database: TestDatabase;
let services: Services;
let seeded: PreWorkspacesData;
/** Each person's personal workspace, made by the migration. */
let personal: Map<string, string>;

beforeAll(async () => {
  database = await createDatabaseBefore(WORKSPACES_MIGRATION, { prefix: "adsconnect_test_keys" });
  services = createServices(
    servicesEnv({
      runtimeEnv: {
        DATABASE_URL: database.url,
        ENCRYPTION_KEYS: encryptionKey,
        AMAZON_CLIENT_ID: "amzn1.application-oa2-client.test",
        AMAZON_CLIENT_SECRET: "test-client-secret",
        // Nothing answers on the discard port: a call that reached Amazon would fail loudly.
        AMAZON_BASE_URL: "http://127.0.0.1:9/{region}",
      },
    }),
    {
      name: "api-test-migrated-keys",
      logger: createLogger("api-test", { level: "silent" }),
      poolMax: 2,
      dbPoolMax: 2,
      idleTimeoutMillis: 1000,
      refreshMaxAttempts: 1,
    },
  );
  // The keys are made on the old schema, by plain SQL, with the vault the services open them with.
  seeded = await seedPreWorkspacesData(services.pool, (context, secret) =>
    services.vault.encryptFor(context, secret),
  );
  await migrateDatabase({ databaseUrl: database.url });
  const { rows } = await services.pool.query<{ id: string; owner: string }>(
    `SELECT id, personal_owner_id AS owner FROM workspaces WHERE kind = 'personal'`,
  );
  personal = new Map(rows.map((row) => [row.owner, row.id]));
  return async () => {
    await services.close();
    await database.drop();
  };
}, 120_000);

function keys(status: SeededApiKey["expected"]["status"]): SeededApiKey[] {
  const found = seeded.apiKeys.filter((key) => key.expected.status === status);
  expect(found.length, status).toBeGreaterThan(0);
  return found;
}

function machine(key: SeededApiKey) {
  return machineCallerFor(services.db as Db, { apiKey: key.rawKey }, undefined, services);
}

/** The key owner's accounts (old schema: owner_id), in the key's account list when it has one. */
function reachable(key: SeededApiKey, accountIds: readonly string[] | null) {
  return seeded.accounts.filter(
    (a) => a.ownerId === key.userId && (accountIds === null || accountIds.includes(a.id)),
  );
}

describe(`API keys made before ${WORKSPACES_MIGRATION}`, () => {
  it("look up as before: active with the same scope, now for the owner's personal workspace", async () => {
    for (const key of keys("active")) {
      const expected = key.expected as Extract<SeededApiKey["expected"], { status: "active" }>;
      const lookup = await lookUpApiKey(services.pool, key.rawKey, seeded.now);
      expect(lookup.status, key.name).toBe("active");
      if (lookup.status !== "active") continue;
      expect(lookup.principal, key.name).toMatchObject({
        id: key.id,
        name: key.name,
        workspaceId: personal.get(key.userId),
        accountIds: expected.accountIds,
        expiresAt: expected.expiresAt,
      });
      expect([...lookup.principal.permissions].sort(), key.name).toEqual(
        [...expected.permissions].sort(),
      );
    }
  });

  it("stay expired or refused when they were", async () => {
    for (const key of keys("expired")) {
      const expected = key.expected as Extract<SeededApiKey["expected"], { status: "expired" }>;
      expect(await lookUpApiKey(services.pool, key.rawKey, seeded.now), key.name).toEqual({
        status: "expired",
        expiredAt: expected.expiredAt,
      });
      const refused = await caught(machine(key).accounts.list());
      expect(refused.code, key.name).toBe("UNAUTHORIZED");
      expect(refused.message, key.name).toContain("expired");
    }
    for (const key of keys("invalid")) {
      expect(await lookUpApiKey(services.pool, key.rawKey, seeded.now), key.name).toEqual({
        status: "invalid",
      });
      expect((await caught(machine(key).accounts.list())).code, key.name).toBe("UNAUTHORIZED");
    }
  });

  it("allow exactly the permissions and accounts they allowed (authorizeKey)", async () => {
    for (const key of keys("active")) {
      const lookup = await lookUpApiKey(services.pool, key.rawKey, seeded.now);
      if (lookup.status !== "active") throw new Error(`${key.name} is not active`);
      const expected = key.expected as Extract<SeededApiKey["expected"], { status: "active" }>;
      const mine = reachable(key, expected.accountIds).map((a) => a.id);
      for (const permission of API_KEY_PERMISSIONS) {
        const check = () => authorizeKey(lookup.principal, { permission });
        if (expected.permissions.includes(permission)) expect(check).not.toThrow();
        else expect(check).toThrow(MissingPermissionError);
        if (!expected.permissions.includes(permission)) continue;
        for (const account of seeded.accounts) {
          const onAccount = () =>
            authorizeKey(lookup.principal, { permission, accountId: account.id });
          // The list alone decides here; ownership is checked by every query (next tests).
          if (expected.accountIds === null || mine.includes(account.id))
            expect(onAccount).not.toThrow();
          else expect(onAccount, `${key.name} ${account.id}`).toThrow();
        }
      }
    }
  });

  it("list the accounts they listed, on the machine router", async () => {
    for (const key of keys("active")) {
      const expected = key.expected as Extract<SeededApiKey["expected"], { status: "active" }>;
      const call = machine(key).accounts.list();
      if (!expected.permissions.includes("accounts:read")) {
        expect((await caught(call)).code, key.name).toBe("FORBIDDEN");
        continue;
      }
      const { items } = await call;
      expect(items.map((a) => a.id).sort(), key.name).toEqual(
        reachable(key, expected.accountIds)
          .map((a) => a.id)
          .sort(),
      );
    }
  });

  it("hand out the access token sealed before the migration, for the accounts they reached", async () => {
    let handedOut = 0;
    for (const key of keys("active")) {
      const expected = key.expected as Extract<SeededApiKey["expected"], { status: "active" }>;
      const mine = reachable(key, expected.accountIds).map((a) => a.id);
      for (const account of seeded.accounts) {
        const call = machine(key).tokens.getAccessToken({ accountId: account.id });
        if (!expected.permissions.includes("tokens:read")) {
          expect((await caught(call)).code, key.name).toBe("FORBIDDEN");
        } else if (!mine.includes(account.id)) {
          // Another person's account, or one outside the list: as if it did not exist.
          expect((await caught(call)).code, `${key.name} ${account.id}`).toBe("NOT_FOUND");
        } else if (account.accessToken !== null) {
          // Active or refresh_failing, its token valid for most of an hour: handed out as stored.
          expect((await call).accessToken, key.name).toBe(account.accessToken);
          handedOut++;
        } else {
          // reauth_required or disconnected: the grant was erased, as before.
          expect((await caught(call)).code, key.name).toBe("PRECONDITION_FAILED");
        }
      }
    }
    expect(handedOut).toBeGreaterThan(0);
  });
});
