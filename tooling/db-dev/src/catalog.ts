// The database side of the catalog drift check: tables, columns, indexes,
// foreign keys and enums of the connection's current schema, from pg_catalog.
import { MIGRATIONS_TABLE } from "@adsconnect/db/migrate";
import type pg from "pg";

export interface Column {
  table: string;
  name: string;
  type: string;
  enumType: string | null;
  notNull: boolean;
  hasDefault: boolean;
}
export interface Index {
  table: string;
  name: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
}
export interface ForeignKey {
  table: string;
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}
export interface Catalog {
  tables: Set<string>;
  columns: Column[];
  indexes: Index[];
  foreignKeys: ForeignKey[];
  enums: Map<string, string[]>;
}

export async function readCatalog(client: pg.Client): Promise<Catalog> {
  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> $1`,
    [MIGRATIONS_TABLE],
  );
  const columns = await client.query<Column>(
    `SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            CASE WHEN t.typtype = 'e' THEN t.typname WHEN et.typtype = 'e' THEN et.typname END AS "enumType",
            a.attnotnull AS "notNull", a.atthasdef AS "hasDefault"
     FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_type t ON t.oid = a.atttypid
     LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
       AND c.relname <> $1
     ORDER BY c.relname, a.attnum`,
    [MIGRATIONS_TABLE],
  );
  const indexes = await client.query<Index>(
    `SELECT t.relname AS "table", i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
            array(SELECT coalesce(a.attname, '(expression)')
                  FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                  LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                  ORDER BY k.ord)::text[] AS columns
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema() AND t.relname <> $1`,
    [MIGRATIONS_TABLE],
  );
  const foreignKeys = await client.query<ForeignKey>(
    `SELECT t.relname AS "table", con.conname AS name, r.relname AS "refTable",
            array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
            array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS "refColumns",
            con.confdeltype::text AS "onDelete", con.confupdtype::text AS "onUpdate"
     FROM pg_constraint con
     JOIN pg_class t ON t.oid = con.conrelid
     JOIN pg_class r ON r.oid = con.confrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE con.contype = 'f' AND n.nspname = current_schema()`,
  );
  const enums = await client.query<{ name: string; labels: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
     FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = current_schema() GROUP BY t.typname`,
  );
  return {
    tables: new Set(tables.rows.map((row) => row.name)),
    columns: columns.rows,
    indexes: indexes.rows,
    foreignKeys: foreignKeys.rows,
    enums: new Map(enums.rows.map((row) => [row.name, row.labels])),
  };
}
