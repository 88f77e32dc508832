// The benches' one look at the environment.

/** Where bench databases are created: DATABASE_URL's server, else the local Postgres. */
export const databaseServerUrl: string | undefined = process.env.DATABASE_URL || undefined;

/** PATH, handed to the processes a bench starts. */
export const path: string = process.env.PATH ?? "";
