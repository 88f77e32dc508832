// What the global setup hands to tests through vitest's provide/inject.
export {};

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of this run's migrated test database. */
    databaseUrl: string;
    /** URL of the migrated template the run's database was copied from; never connect to it. */
    templateDatabaseUrl: string;
  }
}
