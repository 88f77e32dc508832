// The workspaces migration (issue 14) on a database that holds data of the schema before it:
// nothing is lost, and each person's data lands in a personal workspace of theirs.
// That every migrated API key still authenticates as before is packages/api's
// test/migrated-api-keys.test.ts (the real key lookup lives there).
import { migrateDatabase, readMigrations } from "@adsconnect/db/migrate";
import { generateFernetKey, TokenVault } from "@adsconnect/vault";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";

import { catalogDrift } from "../src/drift";
import {
  createDatabaseBefore,
  PERSON_MADE_EVENT_TYPES,
  seedPreWorkspacesData,
  WORKSPACES_MIGRATION,
  type PreWorkspacesData,
  type TestDatabase,
} from "../src/testing";

type Row = Record<string, unknown>;
/** Every row of every table, by table and then by primary key, as to_jsonb renders it. */
type Snapshot = Map<string, Map<string, Row>>;

/** The columns the migration drops: each one's content moves to a workspace (checked below). */
const DROPPED_COLUMNS: Record<string, string[]> = {
  amazon_accounts: ["owner_id"],
  api_keys: ["user_id"],
  audit_events: ["user_id"],
};

async function snapshot(client: pg.Client): Promise<Snapshot> {
  const { rows: tables } = await client.query<{ table: string; key: string[] }>(
    `SELECT c.relname AS table, array_agg(a.attname ORDER BY a.attnum)::text[] AS key
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
      WHERE i.indisprimary AND c.relname <> '_prisma_migrations'
      GROUP BY c.relname`,
  );
  const result: Snapshot = new Map();
  for (const { table, key } of tables) {
    const { rows } = await client.query<{ row: Row }>(
      `SELECT to_jsonb(t) AS row FROM "${table}" t`,
    );
    result.set(
      table,
      new Map(rows.map(({ row }) => [key.map((k) => String(row[k])).join("|"), row])),
    );
  }
  return result;
}

function without(row: Row, columns: string[]): Row {
  return Object.fromEntries(Object.entries(row).filter(([column]) => !columns.includes(column)));
}

describe(`the ${WORKSPACES_MIGRATION} migration on a database with data`, () => {
  const vault = TokenVault.fromEncryptionKeys(generateFernetKey());
  let db: TestDatabase;
  let client: pg.Client;
  let seeded: PreWorkspacesData;
  let before: Snapshot;
  let after: Snapshot;
  /** Each person's personal workspace id, read after the migration. */
  let personal: Map<string, string>;

  beforeAll(async () => {
    db = await createDatabaseBefore(WORKSPACES_MIGRATION, { prefix: "adsconnect_test_ws" });
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    seeded = await seedPreWorkspacesData(client, (context, secret) =>
      vault.encryptFor(context, secret),
    );
    before = await snapshot(client);

    // The real runner, on the real folder: it applies the workspaces migration and what follows.
    const { applied } = await migrateDatabase({ databaseUrl: db.url });
    const names = (await readMigrations()).map((m) => m.name);
    expect(applied).toEqual(names.filter((name) => name >= WORKSPACES_MIGRATION));

    after = await snapshot(client);
    const { rows } = await client.query<{ id: string; owner: string }>(
      `SELECT id, personal_owner_id AS owner FROM workspaces WHERE kind = 'personal'`,
    );
    personal = new Map(rows.map((row) => [row.owner, row.id]));
    return async () => {
      await client.end();
      await db.drop();
    };
  }, 120_000);

  it("starts from a database holding a row in every table of the old schema", () => {
    for (const [table, rows] of before) expect(rows.size, table).toBeGreaterThan(0);
    expect(before.get("users")!.size).toBe(seeded.userIds.length);
  });

  it("keeps every row of every table, with every column it keeps unchanged", () => {
    for (const [table, rows] of before) {
      const kept = after.get(table);
      expect(kept, table).toBeDefined();
      expect([...kept!.keys()].sort(), table).toEqual([...rows.keys()].sort());
      const dropped = DROPPED_COLUMNS[table] ?? [];
      for (const [key, row] of rows) {
        const now = kept!.get(key)!;
        // Only the listed columns went; every other column holds exactly what it held.
        expect(
          Object.keys(row).filter((c) => !(c in now)),
          `${table} columns`,
        ).toEqual(dropped);
        expect(without(row, dropped), `${table} ${key}`).toEqual(
          without(
            now,
            Object.keys(now).filter((c) => !(c in row)),
          ),
        );
      }
    }
  });

  it("gives each person exactly one personal workspace, where they are the only member, an admin", () => {
    const workspaces = [...after.get("workspaces")!.values()];
    expect(workspaces).toHaveLength(seeded.userIds.length);
    expect([...personal.keys()].sort()).toEqual([...seeded.userIds].sort());
    for (const workspace of workspaces) {
      expect(workspace).toMatchObject({
        kind: "personal",
        name: "Personal",
        clerk_organization_id: null,
      });
    }
    const memberships = [...after.get("workspace_memberships")!.values()];
    expect(
      memberships.map((m) => [m.workspace_id, m.user_id, m.role, m.removed_at]).sort(),
    ).toEqual(seeded.userIds.map((id) => [personal.get(id), id, "admin", null]).sort());
  });

  it("puts every account in its owner's personal workspace, connected by its owner", () => {
    for (const [id, row] of before.get("amazon_accounts")!) {
      expect(after.get("amazon_accounts")!.get(id)).toMatchObject({
        workspace_id: personal.get(row.owner_id as string),
        connected_by_id: row.owner_id,
      });
    }
  });

  it("puts every API key in its owner's workspace, created by them, not bound to them", () => {
    for (const [id, row] of before.get("api_keys")!) {
      expect(after.get("api_keys")!.get(id)).toMatchObject({
        workspace_id: personal.get(row.user_id as string),
        created_by_id: row.user_id,
        bound_to_creator: false,
      });
    }
  });

  it("puts every audit event in its person's workspace; the person is the actor only of what people do", () => {
    const types = new Set<string>();
    for (const [id, row] of before.get("audit_events")!) {
      types.add(row.type as string);
      const personMade = (PERSON_MADE_EVENT_TYPES as readonly string[]).includes(
        row.type as string,
      );
      expect(after.get("audit_events")!.get(id), `${row.type as string}`).toMatchObject({
        workspace_id: personal.get(row.user_id as string),
        actor_id: personMade ? row.user_id : null,
      });
    }
    // Every type the old schema had was exercised (the new member_* types cannot predate it).
    expect([...types].sort()).toEqual(
      [
        ...PERSON_MADE_EVENT_TYPES,
        "token_refreshed",
        "token_refresh_failed",
        "reauth_required",
        "recovered",
        "profiles_synced",
        "consent_expiring",
      ].sort(),
    );
  });

  it("sends every pending connection to the personal workspace of who started it, as a new connection", () => {
    for (const [id, row] of before.get("oauth_states")!) {
      expect(after.get("oauth_states")!.get(id)).toMatchObject({
        user_id: row.user_id,
        workspace_id: personal.get(row.user_id as string),
        account_id: null,
      });
    }
  });

  it("leaves every ciphertext byte for byte as it was, and each still opens to its secret", async () => {
    const { rows } = await client.query<{
      id: string;
      refresh: string | null;
      access: string | null;
    }>(
      `SELECT id, refresh_token_ciphertext AS refresh, access_token_ciphertext AS access FROM amazon_accounts`,
    );
    expect(rows).toHaveLength(seeded.accounts.length);
    for (const account of seeded.accounts) {
      const row = rows.find((r) => r.id === account.id)!;
      const old = before.get("amazon_accounts")!.get(account.id)!;
      expect(row.refresh).toBe(old.refresh_token_ciphertext);
      expect(row.access).toBe(old.access_token_ciphertext);
      const open = (kind: string, value: string | null) =>
        value === null ? null : vault.decryptFor(`amazon_account:${account.id}:${kind}`, value);
      expect(open("refresh_token", row.refresh)).toBe(account.refreshToken);
      expect(open("access_token", row.access)).toBe(account.accessToken);
    }
    expect(seeded.accounts.filter((a) => a.refreshToken !== null).length).toBeGreaterThan(0);

    for (const state of seeded.oauthStates) {
      const { rows: found } = await client.query<{ ciphertext: string }>(
        `SELECT code_verifier_ciphertext AS ciphertext FROM oauth_states WHERE id = $1`,
        [state.id],
      );
      const value = found[0]!.ciphertext;
      expect(value).toBe(before.get("oauth_states")!.get(state.id)!.code_verifier_ciphertext);
      expect(vault.decryptFor(`oauth_state:${state.stateHash}:code_verifier`, value)).toBe(
        state.codeVerifier,
      );
    }
  });

  it("ends with the schema schema.prisma describes", async () => {
    expect(await catalogDrift({ databaseUrl: db.url })).toEqual([]);
  });
});
