import { randomUUID } from "node:crypto";

import type { TokenVault } from "@adsconnect/vault";
import type pg from "pg";

import { encryptTokenSet } from "../account-tokens";
import type { AccountStatus } from "../account-row";
import { uuid7 } from "../uuid7";

/** The part of `@adsconnect/test-sandbox`'s SandboxProcess these helpers use. */
export interface GrantSource {
  admin: {
    mintGrants(options?: {
      count?: number;
      userId?: string;
    }): Promise<{ userId: string; refreshToken: string }[]>;
    counters(): Promise<{ token: { refresh_token: number } }>;
  };
}

export interface TestAccount {
  id: string;
  /** Who connected it (the person the test made, or `options.userId`). */
  userId: string;
  /** The workspace it belongs to: `options.workspaceId`, else that person's personal workspace. */
  workspaceId: string;
  amazonUserId: string;
  refreshToken: string;
  /** The access token stored at creation (a placeholder, not one Amazon issued). */
  accessToken: string;
}

export interface CreateAccountOptions {
  /** Seconds until the stored access token expires; negative for expired. Default -60. */
  expiresInSeconds?: number;
  status?: AccountStatus;
  consecutiveFailures?: number;
  consentedAt?: Date;
  /** Who connected it; default a new person. */
  userId?: string;
  /** The workspace it belongs to; default the connecting person's personal workspace. */
  workspaceId?: string;
  /** Mint the grant for this seeded sandbox user (who has profiles); default a new synthetic user. */
  amazonUserId?: string;
}

/**
 * One account whose refresh token is a real sandbox grant, connected by a person (a new one unless
 * given) into a workspace (their personal one unless given).
 */
export async function createAccount(
  pool: pg.Pool,
  vault: TokenVault,
  sandbox: GrantSource,
  options: CreateAccountOptions = {},
): Promise<TestAccount> {
  const [grant] = await sandbox.admin.mintGrants({
    count: 1,
    ...(options.amazonUserId ? { userId: options.amazonUserId } : {}),
  });
  return insertAccount(pool, vault, grant!, options);
}

/**
 * Many accounts connected by one person (`userId`, default a new one) into one workspace (default
 * their personal one), one grant each, one INSERT per 1,000 rows.
 */
export async function createAccounts(
  pool: pg.Pool,
  vault: TokenVault,
  sandbox: GrantSource,
  count: number,
  options: CreateAccountOptions = {},
): Promise<TestAccount[]> {
  const grants = await sandbox.admin.mintGrants({
    count,
    ...(options.amazonUserId ? { userId: options.amazonUserId } : {}),
  });
  const userId = options.userId ?? (await createUser(pool));
  const workspaceId = options.workspaceId ?? (await personalWorkspaceOf(pool, userId));
  const accounts: TestAccount[] = [];
  for (let start = 0; start < grants.length; start += 1000) {
    const batch = grants
      .slice(start, start + 1000)
      .map((grant) => accountRow(vault, grant, { userId, workspaceId }, options));
    const values: unknown[] = [];
    const tuples = batch.map(({ columns }, i) => {
      values.push(...columns);
      const base = i * COLUMN_COUNT;
      return `(${Array.from({ length: COLUMN_COUNT }, (_, j) => `$${base + j + 1}`).join(", ")})`;
    });
    await pool.query(`${INSERT} VALUES ${tuples.join(", ")}`, values);
    accounts.push(...batch.map(({ account }) => account));
  }
  return accounts;
}

export async function createUser(pool: pg.Pool): Promise<string> {
  const userId = `user_test_${randomUUID()}`;
  await pool.query(
    `INSERT INTO users (id, email, name, created_at, updated_at) VALUES ($1, $2, 'test', now(), now())`,
    [userId, `${userId}@example.test`],
  );
  return userId;
}

/**
 * The person's personal workspace (made here, with them as its admin, when it does not exist
 * yet), as @adsconnect/workspaces' ensurePersonalWorkspace would on their first request.
 */
export async function personalWorkspaceOf(pool: pg.Pool, userId: string): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `WITH made AS (
       INSERT INTO workspaces (id, kind, name, personal_owner_id, created_at, updated_at)
       VALUES ($1, 'personal', 'Personal', $2, now(), now())
       ON CONFLICT (personal_owner_id) DO UPDATE SET updated_at = workspaces.updated_at
       RETURNING id
     ), member AS (
       INSERT INTO workspace_memberships (workspace_id, user_id, role, created_at, updated_at)
       SELECT id, $2, 'admin', now(), now() FROM made
       ON CONFLICT DO NOTHING
     )
     SELECT id FROM made`,
    [uuid7(), userId],
  );
  return rows[0]!.id;
}

const INSERT = `INSERT INTO amazon_accounts (id, workspace_id, connected_by_id, amazon_user_id, consent_region, status,
  refresh_token_ciphertext, access_token_ciphertext, access_token_expires_at, consented_at,
  consecutive_failures, scopes, created_at, updated_at)`;
const COLUMN_COUNT = 14;

async function insertAccount(
  pool: pg.Pool,
  vault: TokenVault,
  grant: { userId: string; refreshToken: string },
  options: CreateAccountOptions,
): Promise<TestAccount> {
  const userId = options.userId ?? (await createUser(pool));
  const workspaceId = options.workspaceId ?? (await personalWorkspaceOf(pool, userId));
  const { account, columns } = accountRow(vault, grant, { userId, workspaceId }, options);
  await pool.query(
    `${INSERT} VALUES (${Array.from({ length: COLUMN_COUNT }, (_, j) => `$${j + 1}`).join(", ")})`,
    columns,
  );
  return account;
}

function accountRow(
  vault: TokenVault,
  grant: { userId: string; refreshToken: string },
  { userId, workspaceId }: { userId: string; workspaceId: string },
  options: CreateAccountOptions,
) {
  const id = uuid7();
  const accessToken = `Atza|placeholder-${randomUUID()}`;
  const expiresAt = new Date(Date.now() + (options.expiresInSeconds ?? -60) * 1000);
  const sealed = encryptTokenSet(vault, id, {
    accessToken,
    refreshToken: grant.refreshToken,
    expiresAt,
  });
  const now = new Date();
  return {
    account: {
      id,
      userId,
      workspaceId,
      amazonUserId: grant.userId,
      refreshToken: grant.refreshToken,
      accessToken,
    },
    columns: [
      id,
      workspaceId,
      userId,
      grant.userId,
      "NA",
      options.status ?? "active",
      sealed.refreshTokenCiphertext,
      sealed.accessTokenCiphertext,
      expiresAt,
      options.consentedAt ?? now,
      options.consecutiveFailures ?? 0,
      ["advertising::campaign_management", "profile"],
      now,
      now,
    ],
  };
}

export interface StoredAccount {
  status: AccountStatus;
  refreshTokenCiphertext: string | null;
  accessTokenCiphertext: string | null;
  accessTokenExpiresAt: Date | null;
  lastRefreshedAt: Date | null;
  consecutiveFailures: number;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
}

export async function readAccount(pool: pg.Pool, id: string): Promise<StoredAccount> {
  const { rows } = await pool.query<StoredAccount>(
    `SELECT status, refresh_token_ciphertext AS "refreshTokenCiphertext",
            access_token_ciphertext AS "accessTokenCiphertext",
            access_token_expires_at AS "accessTokenExpiresAt", last_refreshed_at AS "lastRefreshedAt",
            consecutive_failures AS "consecutiveFailures", last_error_code AS "lastErrorCode",
            last_error_message AS "lastErrorMessage"
       FROM amazon_accounts WHERE id = $1`,
    [id],
  );
  if (!rows[0]) throw new Error(`no account ${id}`);
  return rows[0];
}

/**
 * The account's audit event types, oldest first. Routine token_refreshed
 * events (one per refresh) are left out unless asked for, so tests read the
 * events that tell a story.
 */
export async function auditTypes(
  pool: pg.Pool,
  accountId: string,
  { routine = false }: { routine?: boolean } = {},
): Promise<string[]> {
  const { rows } = await pool.query<{ type: string }>(
    `SELECT type FROM audit_events
      WHERE account_id = $1 AND ($2 OR type <> 'token_refreshed')
      ORDER BY id`,
    [accountId, routine],
  );
  return rows.map((row) => row.type);
}

/** How many refresh_token calls the sandbox has answered (or failed) so far. */
export async function refreshCalls(sandbox: GrantSource): Promise<number> {
  return (await sandbox.admin.counters()).token.refresh_token;
}
