// "Does the migrated database match schema.prisma?", asked two ways:
//  - `catalogDrift`: every model, field, type, nullability, default, primary
//    key, unique, index, foreign key and enum of Prisma's parsed data model,
//    checked against pg_catalog, plus anything in the database the schema
//    does not have; one readable line per difference;
//  - `engineDrift`: Prisma's schema engine diffs the live database to
//    schema.prisma; the SQL it would run must be empty.
// Both stay: each misses hand edits the other catches (test/drift.test.ts,
// "what only one check catches"; README "Two drift checks").
import { defaultSchemaPath } from "@adsconnect/db/migrate";
import pg from "pg";

import { readCatalog } from "./catalog";
import { compareCatalog } from "./compare-catalog";
import { readDatamodel } from "./dmmf";
import { noFilters, openSchemaEngine, schemaFiles } from "./schema-engine";

export interface DriftOptions {
  databaseUrl: string;
  /** Default: `<repo>/prisma/schema.prisma`. */
  schemaPath?: string;
}

/** The SQL Prisma's engine would run to make the database match schema.prisma; "" when they agree. */
export async function engineDrift({
  databaseUrl,
  schemaPath = defaultSchemaPath,
}: DriftOptions): Promise<string> {
  const handle = await openSchemaEngine({ databaseUrl });
  try {
    const files = await schemaFiles(schemaPath);
    const result = await handle.engine.diff({
      from: { tag: "schemaDatasource", ...files, configDir: process.cwd() },
      to: { tag: "schemaDatamodel", ...files },
      script: true,
      exitCode: true,
      filters: noFilters,
    });
    return result.exitCode === 0 ? "" : (result.stdout ?? "").trim();
  } finally {
    await handle.close();
  }
}

/** Differences between schema.prisma and the database's catalog; empty when they agree. */
export async function catalogDrift({
  databaseUrl,
  schemaPath = defaultSchemaPath,
}: DriftOptions): Promise<string[]> {
  const datamodel = await readDatamodel(schemaPath);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return compareCatalog(datamodel, await readCatalog(client));
  } finally {
    await client.end();
  }
}
