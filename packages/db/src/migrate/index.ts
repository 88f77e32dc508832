// `@adsconnect/db/migrate`: apply Prisma Migrate's folder offline, keeping
// Prisma's ledger, so `prisma migrate deploy` on a networked machine agrees.
// Only `pg` is loaded here; the Wasm schema engine lives in ./schema-engine.
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
  migrationChecksum,
  readMigrations,
  type MigrationFile,
} from "./migrations-dir";
export { CREATE_MIGRATIONS_TABLE, PRISMA_MIGRATE_LOCK_KEY, type LedgerRow } from "./ledger";
