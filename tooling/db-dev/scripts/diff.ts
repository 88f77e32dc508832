// `pnpm db:diff <name>`: write the next migration folder from schema.prisma,
// with SQL from Prisma's own (Wasm) schema engine. Needs a Postgres server for
// the shadow database: DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres.
import { dbEnv } from "@adsconnect/db/env";
import { createMigration } from "../src/diff";

const name = process.argv.slice(2).find((arg) => !arg.startsWith("-"));
if (!name) {
  console.error("usage: pnpm db:diff <name>   e.g. pnpm db:diff add_invoices");
  process.exit(2);
}

try {
  const { migrationName } = await createMigration({ name, databaseUrl: dbEnv().DATABASE_URL });
  console.log(
    migrationName
      ? `created prisma/migrations/${migrationName}/migration.sql`
      : "schema.prisma already matches prisma/migrations: nothing to create",
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
