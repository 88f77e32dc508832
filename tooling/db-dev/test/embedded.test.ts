import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { userInfo } from "node:os";
import { execFileSync } from "node:child_process";

import { readMigrations } from "@adsconnect/db/migrate";
import { afterEach, describe, expect, it, vi } from "vitest";

import { createTestDatabase, ensureDatabase, startEmbeddedPostgres } from "../src/testing";
import { repoRoot } from "../src/embedded";
import { canConnect, freePort } from "../src/server";
import { connect, emptyDatabase } from "./support/database";

const scratchDataDir = () => join(repoRoot, ".data", `test-embedded-${process.pid}-${Date.now()}`);

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("startEmbeddedPostgres", () => {
  it("starts a server from npm (as the postgres user when run as root), reuses it, and stops it", async () => {
    const dataDir = scratchDataDir();
    const port = await freePort();
    const server = await startEmbeddedPostgres({ dataDir, port, persistent: false });
    try {
      expect(server.started).toBe(true);
      expect(server.url).toBe(`postgresql://postgres:postgres@127.0.0.1:${port}/postgres`);
      const client = await connect(server.url);
      const { rows } = await client.query(
        "SELECT current_setting('server_version_num')::int AS version",
      );
      expect(rows[0].version).toBeGreaterThanOrEqual(150000);
      if (userInfo().uid === 0) {
        const postgresUid = Number(
          execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim(),
        );
        // The data folder is where the server says: under a private checkout it moves to the temp folder.
        expect(statSync(server.dataDir).uid).toBe(postgresUid);
      }

      const again = await startEmbeddedPostgres({ dataDir, port });
      expect(again.started).toBe(false);
      await again.stop(); // a no-op: it did not start the server
      expect(await canConnect(server.url)).toBe(true);
    } finally {
      await server.stop();
    }
    expect(await canConnect(server.url, 500)).toBe(false);
    expect(existsSync(server.dataDir)).toBe(false);
  });
});

describe("ensureDatabase (what pnpm dev uses)", () => {
  it("without DATABASE_URL, gives a migrated database on an embedded server", async () => {
    vi.stubEnv("DATABASE_URL", "");
    const embedded = { dataDir: scratchDataDir(), port: await freePort(), persistent: false };
    const first = await ensureDatabase({ embedded });
    try {
      expect(first.embedded).toBe(true);
      expect(first.url).toBe(
        `postgresql://postgres:postgres@127.0.0.1:${embedded.port}/adsconnect`,
      );
      const lines: string[] = [];
      const second = await ensureDatabase({ embedded, log: (line) => lines.push(line) });
      expect(second.url).toBe(first.url);
      expect(lines).toContain(`reusing the Postgres server on port ${embedded.port}`);
      expect(lines).toContain("adsconnect: nothing to apply");
      const client = await connect(first.url);
      const { rows } = await client.query("SELECT migration_name FROM _prisma_migrations");
      expect(rows.map((r) => r.migration_name)).toEqual(
        (await readMigrations()).map((m) => m.name),
      );
    } finally {
      await first.stop();
    }
  });

  it("with DATABASE_URL, migrates that database and starts nothing", async () => {
    const db = await emptyDatabase();
    vi.stubEnv("DATABASE_URL", db.url);
    const ensured = await ensureDatabase();
    expect(ensured).toMatchObject({ url: db.url, embedded: false });
    const client = await connect(db.url);
    expect((await client.query("SELECT 1 FROM _prisma_migrations")).rowCount).toBeGreaterThan(0);
  });
});

describe("createTestDatabase", () => {
  it("falls back to an embedded server when nothing answers at the server URL", async () => {
    const silent = `postgresql://postgres@127.0.0.1:${await freePort()}/postgres`;
    const db = await createTestDatabase({ serverUrl: silent });
    let dropped = false;
    try {
      expect(db.name).toMatch(/^adsconnect_test_[0-9a-f]{12}$/);
      expect(new URL(db.url).port).not.toBe(new URL(silent).port);
      const client = await connect(db.url);
      expect((await client.query("SELECT 1 FROM _prisma_migrations")).rowCount).toBeGreaterThan(0);
      await client.end();
      await db.drop();
      dropped = true;
      expect(await canConnect(db.url, 500)).toBe(false); // its server stopped with it
    } finally {
      if (!dropped) await db.drop();
    }
  });
});
