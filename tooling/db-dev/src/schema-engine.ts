// Prisma's own schema engine, run offline from `@prisma/schema-engine-wasm`
// over `@prisma/adapter-pg`. Used to write migrations (`pnpm db:diff`) and, in
// tests, to check that the migrated database matches schema.prisma.
//
// Three gaps in the adapter are bridged here (see shared TOOLCHAIN.md):
//  - the engine's catalog queries return Postgres's internal `"char"` type,
//    which the adapter cannot map: pg hands it over as text and the adapter's
//    result then types those columns as Character (the engine reads a
//    constraint's type as a char: typed as text, a CHECK constraint made it panic);
//  - given a connection string, the adapter's shadow database connects to the
//    main database instead (the URL wins over `database`): we pass the parts;
//  - it drops the shadow database while still connected to it: we close the
//    shadow pool first, then drop it.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

import { lockfileName, readMigrations } from "@adsconnect/db/migrate";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type * as EngineRuntime from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

export type SchemaEngine = EngineRuntime.SchemaEngine;
export type MigrationList = EngineRuntime.MigrationList;

const CHAR_OID = 18;
const TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[]; rows?: unknown[] } | undefined;

/** The row arrays of results whose `"char"` columns went to the adapter as text: those columns' indexes. */
const charColumns = new WeakMap<object, number[]>();

function charAsText(result: unknown): void {
  for (const r of Array.isArray(result)
    ? (result as QueryResultLike[])
    : [result as QueryResultLike]) {
    const indexes: number[] = [];
    r?.fields?.forEach((field, index) => {
      if (field.dataTypeID !== CHAR_OID) return;
      field.dataTypeID = TEXT_OID;
      indexes.push(index);
    });
    if (indexes.length > 0 && r?.rows) charColumns.set(r.rows, indexes);
  }
}

/** A pg client that reports `"char"` columns as text, which the adapter can read. */
class CharAsTextClient extends pg.Client {
  // pg's overloads: (config, values?, callback?) with a callback, a promise, or a Submittable.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (error: Error | null, result: unknown) => {
        if (result) charAsText(result);
        (last as (e: Error | null, r: unknown) => void)(error, result);
      };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as any)(...args);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const returned = (super.query as any)(...args);
    if (returned instanceof Promise) {
      return returned.then((result: unknown) => {
        charAsText(result);
        return result;
      });
    }
    return returned;
  }
}

/** Connection parts from a URL, so a copy with another `database` really connects there. */
export function poolConfigFromUrl(databaseUrl: string): pg.PoolConfig {
  const url = new URL(databaseUrl);
  const socketHost = url.searchParams.get("host");
  return {
    host: socketHost ?? (decodeURIComponent(url.hostname) || "127.0.0.1"),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || "postgres",
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.slice(1)) || "postgres",
    max: 4,
  };
}

type QueryRaw = SqlDriverAdapter["queryRaw"];

function queryRawWithChars(adapter: SqlDriverAdapter): QueryRaw {
  return async (query) => {
    const result = await adapter.queryRaw(query);
    for (const index of charColumns.get(result.rows) ?? [])
      result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
}

function withDispose(adapter: SqlDriverAdapter, dispose: () => Promise<void>): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, property) {
      if (property === "dispose") return dispose;
      if (property === "queryRaw") return queryRawWithChars(target);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function"
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

/** `@prisma/adapter-pg`'s factory with the three gaps above bridged. */
export class EngineAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";
  private readonly config: pg.PoolConfig;
  /** Adapters still open: the engine never disposes its main connection. */
  private readonly open = new Set<SqlDriverAdapter>();

  constructor(databaseUrl: string) {
    // allowExitOnIdle: an idle pool must never keep a script alive.
    this.config = {
      ...poolConfigFromUrl(databaseUrl),
      Client: CharAsTextClient,
      allowExitOnIdle: true,
    };
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await new PrismaPg(this.config).connect();
    this.open.add(adapter);
    return withDispose(adapter, async () => {
      this.open.delete(adapter);
      await adapter.dispose();
    });
  }

  /** Close every connection the engine left open. */
  async disposeAll(): Promise<void> {
    await Promise.allSettled([...this.open].map((adapter) => adapter.dispose()));
    this.open.clear();
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const main = await this.connect();
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    try {
      await main.executeScript(`CREATE DATABASE "${database}"`);
    } catch (error) {
      await main.dispose();
      throw error;
    }
    const shadow = await new PrismaPg({ ...this.config, database }).connect();
    return withDispose(shadow, async () => {
      await shadow.dispose();
      try {
        await main.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } finally {
        await main.dispose();
      }
    });
  }
}

// Node 20's type definitions do not declare the WebAssembly global.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: Record<string, unknown>,
  ) => { exports: Record<string, unknown> };
};

let runtimePromise: Promise<typeof EngineRuntime> | undefined;

/**
 * The engine hands a Rust panic's message to this global, which the Prisma CLI
 * defines; without it the message is lost behind "Cannot read properties of
 * undefined (reading 'set_message')". The panicking call never settles either way.
 */
function reportEnginePanics(): void {
  const global = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
  global.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message: (message) => console.error(`Prisma's schema engine panicked: ${message}`),
  };
}

/**
 * The package's entry imports the `.wasm` as an ES module, which Node cannot;
 * instantiate it by hand, once per process (wasm-bindgen keeps global state).
 */
function loadRuntime(): Promise<typeof EngineRuntime> {
  runtimePromise ??= (async () => {
    reportEnginePanics();
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const runtime =
      (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as typeof EngineRuntime & {
        __wbg_set_wasm(exports: Record<string, unknown>): void;
      };
    const module = new WebAssembly.Module(
      await readFile(join(dirname(bgPath), "schema_engine_bg.wasm")),
    );
    const instance = new WebAssembly.Instance(module, {
      "./schema_engine_bg.js": runtime as never,
    });
    runtime.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return runtime;
  })();
  return runtimePromise;
}

export interface OpenSchemaEngineOptions {
  /** The server the engine talks to (and where it creates shadow databases). */
  databaseUrl: string;
  /** Engine log lines. Default: dropped. */
  log?: (line: string) => void;
}

export interface SchemaEngineHandle {
  engine: SchemaEngine;
  /** Free the engine and close its connections (the engine never closes its main one). */
  close(): Promise<void>;
}

/** A Wasm schema engine bound to `databaseUrl`. Errors come back with the engine's readable messages. */
export async function openSchemaEngine({
  databaseUrl,
  log,
}: OpenSchemaEngineOptions): Promise<SchemaEngineHandle> {
  const runtime = await loadRuntime();
  const adapters = new EngineAdapterFactory(databaseUrl);
  const factory = bindMigrationAwareSqlAdapterFactory(adapters);
  try {
    const engine = await runtime.SchemaEngine.new(
      { datamodels: undefined },
      (line: string) => log?.(line),
      factory,
    );
    return {
      engine,
      close: async () => {
        engine.free();
        await adapters.disposeAll();
      },
    };
  } catch (error) {
    await adapters.disposeAll();
    throw error;
  }
}

/** The migrations folder as the engine reads it (what the Prisma CLI builds). */
export async function loadMigrationList(migrationsDir: string): Promise<MigrationList> {
  const lockfile = await readFile(join(migrationsDir, lockfileName), "utf8").catch(() => null);
  const migrations = await readMigrations(migrationsDir);
  return {
    baseDir: migrationsDir,
    lockfile: { path: lockfileName, content: lockfile },
    shadowDbInitScript: "",
    migrationDirectories: migrations.map((m) => ({
      path: m.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
    })),
  };
}

export const noFilters = { externalTables: [], externalEnums: [] };

/** The schema file as the engine takes it. */
export async function schemaFiles(
  schemaPath: string,
): Promise<{ files: { path: string; content: string }[] }> {
  return { files: [{ path: schemaPath, content: await readFile(schemaPath, "utf8") }] };
}
