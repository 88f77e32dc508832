import { createDb, type Db } from "@adsconnect/db/client";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { afterAll, beforeAll } from "vitest";

import { localAuthEnv } from "./environments";
import { startWebServer, type WebServer } from "./web-server";

/**
 * The web app's production build under local sign-in, started once for the file, with a small
 * client on the test database beside it; both stop after the file. Read them as `t.web`, `t.db`.
 */
export function useLocalWeb(): { readonly web: WebServer; readonly db: Db } {
  let web: WebServer | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    web = await startWebServer(localAuthEnv());
    db = createDb(testDatabaseUrl(), { max: 2 });
  });
  afterAll(async () => {
    await web?.stop();
    await db?.$disconnect();
  });
  return {
    get web() {
      if (!web) throw new Error("useLocalWeb: the web server starts in beforeAll");
      return web;
    },
    get db() {
      if (!db) throw new Error("useLocalWeb: the database client starts in beforeAll");
      return db;
    },
  };
}
