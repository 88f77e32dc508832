import { createDb } from "@adsconnect/db/client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { catalogDrift } from "../src/drift";
import { cloneTestDatabase, testDatabaseUrl, type TestDatabase } from "../src/testing";
import { connect } from "./support/database";

describe("the test database harness", () => {
  let clone: TestDatabase;
  beforeAll(async () => {
    clone = await cloneTestDatabase();
  });
  afterAll(() => clone.drop());

  it("provides a fresh, migrated database named adsconnect_test_<random>", async () => {
    const url = testDatabaseUrl();
    expect(new URL(url).pathname).toMatch(/^\/adsconnect_test_[0-9a-f]{12}$/);
    expect(inject("databaseUrl")).toBe(url);
    const client = await connect(url);
    const { rows } = await client.query(
      "SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL",
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it("clones a separate migrated database from the template for a test file", async () => {
    expect(clone.url).not.toBe(testDatabaseUrl());
    expect(await catalogDrift({ databaseUrl: clone.url })).toEqual([]);
    const db = createDb(clone.url, { max: 1 });
    try {
      await db.user.create({ data: { id: "user_clone", email: "clone@example.com" } });
      expect(await db.user.count()).toBe(1);
    } finally {
      await db.$disconnect();
    }
    const shared = await connect(testDatabaseUrl());
    const { rows } = await shared.query(
      `SELECT count(*)::int AS n FROM users WHERE id = 'user_clone'`,
    );
    expect(rows[0].n).toBe(0);
  });
});
