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
    await client.query('ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_user_id_fkey"');
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
        "foreign key api_keys(user_id) -> users(id): missing (ApiKey.user)",
        "foreign key audit_events(account_id) -> amazon_accounts(id): ON DELETE Cascade in the database, SetNull in schema.prisma",
      ].sort(),
    );
    expect(await engineDrift({ databaseUrl: db.url })).not.toBe("");
  });
});
