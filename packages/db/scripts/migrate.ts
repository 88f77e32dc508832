// `pnpm db:migrate`: apply pending migrations to DATABASE_URL
// (default postgresql://postgres@127.0.0.1:5432/postgres).
import { dbEnv } from "../src/env";
import { migrateDatabase } from "../src/migrate";

try {
  await migrateDatabase({
    databaseUrl: dbEnv().DATABASE_URL,
    log: (line) => console.log(line),
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
