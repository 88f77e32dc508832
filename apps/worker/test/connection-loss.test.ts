import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import pg from "pg";
import { describe, expect, it } from "vitest";

import { isConnectionLoss } from "../src/connection-loss";

describe("isConnectionLoss", () => {
  it("recognises Postgres dropping a connection, and nothing else", async () => {
    const victim = new pg.Client({ connectionString: testDatabaseUrl() });
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    victim.on("error", () => {});
    await victim.connect();
    await admin.connect();
    try {
      const { rows } = await victim.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      const dropped = victim.query("SELECT pg_sleep(5)").catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await admin.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
      expect(isConnectionLoss(await dropped)).toBe(true);
      const afterwards = await victim.query("SELECT 1").catch((error: unknown) => error);
      expect(isConnectionLoss(afterwards)).toBe(true);

      const syntax = await admin.query("SELEC 1").catch((error: unknown) => error);
      expect(isConnectionLoss(syntax)).toBe(false);
      expect(isConnectionLoss(new Error("something else"))).toBe(false);
      expect(isConnectionLoss("not an error")).toBe(false);
    } finally {
      await admin.end();
      await victim.end().catch(() => {});
    }
  });
});
