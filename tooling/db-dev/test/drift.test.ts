import { createDb, type Db } from "@adsconnect/db/client";
import { describe, expect, it } from "vitest";

import { catalogDrift, engineDrift } from "../src/drift";
import { testDatabaseUrl } from "../src/testing";
import { connect, migratedDatabase } from "./support/database";

describe("the migrated database and schema.prisma", () => {
  it("agree, model by model, in the catalog", async () => {
    expect(await catalogDrift({ databaseUrl: testDatabaseUrl() })).toEqual([]);
  });

  it("agree for Prisma's schema engine (its diff to schema.prisma is empty)", async () => {
    expect(await engineDrift({ databaseUrl: testDatabaseUrl() })).toBe("");
  });
});

describe("the drift checks", () => {
  it("report a dropped column, a dropped index and a dropped unique", async () => {
    const db = await migratedDatabase();
    const client = await connect(db.url);
    await client.query('ALTER TABLE "users" DROP COLUMN "name"');
    await client.query('DROP INDEX "oauth_states_expires_at_idx"');
    await client.query('DROP INDEX "api_keys_prefix_key"');

    expect((await catalogDrift({ databaseUrl: db.url })).sort()).toEqual([
      "index oauth_states_expires_at_idx on oauth_states(expires_at): missing",
      "unique index api_keys_prefix_key on api_keys(prefix): missing",
      "users.name (User.name): column missing",
    ]);
    const sql = await engineDrift({ databaseUrl: db.url });
    expect(sql).toContain('ALTER TABLE "users" ADD COLUMN');
    expect(sql).toContain('CREATE INDEX "oauth_states_expires_at_idx"');
    expect(sql).toContain('CREATE UNIQUE INDEX "api_keys_prefix_key"');
  });

  it("read a database with a CHECK constraint (the engine panicked on its type before)", async () => {
    const db = await migratedDatabase();
    const client = await connect(db.url);
    await client.query(
      `ALTER TABLE "users" ADD CONSTRAINT "users_email_check" CHECK ("email" <> '')`,
    );

    // schema.prisma cannot express a CHECK constraint: neither check reports one.
    expect(await catalogDrift({ databaseUrl: db.url })).toEqual([]);
    expect(await engineDrift({ databaseUrl: db.url })).toBe("");
  });

  it("report changed types, nullability, defaults, enums, foreign keys and extra objects", async () => {
    const db = await migratedDatabase();
    const client = await connect(db.url);
    await client.query('ALTER TABLE "users" ALTER COLUMN "email" TYPE VARCHAR(10)');
    await client.query('ALTER TABLE "users" ALTER COLUMN "name" SET NOT NULL');
    await client.query(
      'ALTER TABLE "amazon_accounts" ALTER COLUMN "consecutive_failures" DROP DEFAULT',
    );
    await client.query(`ALTER TYPE "AccountStatus" ADD VALUE 'paused'`);
    await client.query('ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_created_by_id_fkey"');
    await client.query('ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_account_id_fkey"');
    await client.query(
      'ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "amazon_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    );
    await client.query('ALTER TABLE "users" ADD COLUMN "nickname" TEXT');
    await client.query('CREATE INDEX "users_email_idx" ON "users"("email")');
    await client.query('CREATE TABLE "stray" ("id" INT)');

    expect((await catalogDrift({ databaseUrl: db.url })).sort()).toEqual(
      [
        "enum AccountStatus: database has [active, refresh_failing, reauth_required, disconnected, paused], schema has [active, refresh_failing, reauth_required, disconnected]",
        "table stray: in the database, not in schema.prisma",
        "users.email (User.email): type character varying(10), schema says text",
        "users.name (User.name): NOT NULL in the database, optional in schema.prisma",
        "users.nickname: column in the database, not in schema.prisma",
        "amazon_accounts.consecutive_failures (AmazonAccount.consecutiveFailures): no column default, schema says one",
        "index users_email_idx on users(email): in the database, not in schema.prisma",
        "foreign key api_keys(created_by_id) -> users(id): missing (ApiKey.createdBy)",
        "foreign key audit_events(account_id) -> amazon_accounts(id): ON DELETE Cascade in the database, SetNull in schema.prisma",
      ].sort(),
    );
    expect(await engineDrift({ databaseUrl: db.url })).not.toBe("");
  });
});

// Why both checks stay: each catches a hand-edited migration the other misses,
// and the misses change what Prisma's client does at run time.
describe("what only one check catches", () => {
  /** A Prisma client on `url` with one user and their workspace in the database, closed after `use`. */
  async function withPrisma(url: string, use: (db: Db) => Promise<void>) {
    const db = createDb(url, { max: 1 });
    try {
      await db.user.create({ data: { id: "user_1", email: "ada@example.com" } });
      await db.workspace.create({
        data: { id: WORKSPACE_ID, kind: "personal", name: "Personal", personalOwnerId: "user_1" },
      });
      await use(db);
    } finally {
      await db.$disconnect();
    }
  }
  const WORKSPACE_ID = "0190c3d2-0000-7000-8000-000000000001";
  const account = {
    workspaceId: WORKSPACE_ID,
    amazonUserId: "amzn1.account.ONE",
    consentRegion: "NA",
    consentedAt: new Date(),
  } as const;

  it("catalog only: NOT NULL on a scalar-list column, which breaks creating a row without it", async () => {
    const { url } = await migratedDatabase();
    const client = await connect(url);
    await client.query('ALTER TABLE "amazon_accounts" ALTER COLUMN "scopes" SET NOT NULL');

    expect(await engineDrift({ databaseUrl: url })).toBe("");
    expect(await catalogDrift({ databaseUrl: url })).toEqual([
      "amazon_accounts.scopes (AmazonAccount.scopes): NOT NULL in the database, optional in schema.prisma",
    ]);
    await withPrisma(url, async (db) => {
      await expect(db.amazonAccount.create({ data: account })).rejects.toThrow(
        /Null constraint violation/,
      );
    });
  });

  it("catalog only: an index schema.prisma cannot express, here a unique one on lower(email)", async () => {
    const { url } = await migratedDatabase();
    const client = await connect(url);
    await client.query('CREATE UNIQUE INDEX "users_email_lower_key" ON "users"(lower("email"))');

    expect(await engineDrift({ databaseUrl: url })).toBe("");
    expect(await catalogDrift({ databaseUrl: url })).toEqual([
      "index users_email_lower_key on users((expression)): in the database, not in schema.prisma",
    ]);
    await withPrisma(url, async (db) => {
      await expect(
        db.user.create({ data: { id: "user_2", email: "ADA@example.com" } }),
      ).rejects.toThrow(/Unique constraint failed/);
    });
  });

  it("engine only: a changed column default, which rows inserted in plain SQL then get", async () => {
    const { url } = await migratedDatabase();
    const client = await connect(url);
    await client.query(
      'ALTER TABLE "amazon_accounts" ALTER COLUMN "consecutive_failures" SET DEFAULT 5',
    );

    // The catalog check sees that a default exists, not its value.
    expect(await catalogDrift({ databaseUrl: url })).toEqual([]);
    expect(await engineDrift({ databaseUrl: url })).toContain(
      'ALTER TABLE "amazon_accounts" ALTER COLUMN "consecutive_failures" SET DEFAULT 0',
    );
    // Prisma's client sends schema.prisma's default itself, but the connect flow claims its
    // row with a plain INSERT (packages/accounts, complete-connection.ts) that relies on the column's.
    await client.query(
      `INSERT INTO users (id, email, updated_at) VALUES ('user_1', 'ada@example.com', now())`,
    );
    await client.query(
      `INSERT INTO workspaces (id, kind, name, personal_owner_id, updated_at)
       VALUES ('${WORKSPACE_ID}', 'personal', 'Personal', 'user_1', now())`,
    );
    const { rows } = await client.query<{ consecutive_failures: number }>(
      `INSERT INTO amazon_accounts (id, workspace_id, amazon_user_id, consent_region, consented_at, updated_at)
       VALUES (gen_random_uuid(), '${WORKSPACE_ID}', 'amzn1.account.ONE', 'NA', now(), now())
       RETURNING consecutive_failures`,
    );
    expect(rows[0]?.consecutive_failures).toBe(5);
  });

  it("engine only: an index's method or sort order", async () => {
    const { url } = await migratedDatabase();
    const client = await connect(url);
    await client.query('DROP INDEX "oauth_states_expires_at_idx"');
    await client.query(
      'CREATE INDEX "oauth_states_expires_at_idx" ON "oauth_states" USING hash ("expires_at")',
    );

    expect(await catalogDrift({ databaseUrl: url })).toEqual([]);
    expect(await engineDrift({ databaseUrl: url })).toContain(
      'CREATE INDEX "oauth_states_expires_at_idx" ON "oauth_states"("expires_at")',
    );
  });
});
