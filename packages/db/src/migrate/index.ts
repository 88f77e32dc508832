// `@adsconnect/db/migrate`: apply Prisma Migrate's folder offline, keeping
// Prisma's ledger, so `prisma migrate deploy` on a networked machine agrees.
// Only `pg` is loaded here: it runs before every deploy (Railway's preDeployCommand).
// The Wasm schema engine, drift checks and test databases are in @adsconnect/db-dev.
export {
  DEFAULT_DATABASE_URL,
  migrateDatabase,
  MigrationError,
  type MigrateDatabaseOptions,
  type MigrateDatabaseResult,
  type MigrationErrorCode,
} from "./migrate-database";
export {
  defaultMigrationsDir,
  defaultSchemaPath,
  lockfileContent,
  lockfileName,
  migrationChecksum,
  readMigrations,
  type MigrationFile,
} from "./migrations-dir";
export {
  CREATE_MIGRATIONS_TABLE,
  MIGRATIONS_TABLE,
  PRISMA_MIGRATE_LOCK_KEY,
  type LedgerRow,
} from "./ledger";
