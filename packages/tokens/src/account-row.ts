import type { ClientBase, Pool } from "pg";

export type AccountStatus = "active" | "refresh_failing" | "reauth_required" | "disconnected";
export type AccountRegion = "NA" | "EU" | "FE";

/** The columns of `amazon_accounts` the token lifecycle reads. */
export interface AccountTokenRow {
  id: string;
  /** The workspace the account belongs to. */
  workspaceId: string;
  status: AccountStatus;
  consentRegion: AccountRegion;
  refreshTokenCiphertext: string | null;
  accessTokenCiphertext: string | null;
  accessTokenExpiresAt: Date | null;
  consecutiveFailures: number;
}

const COLUMNS = `id, workspace_id AS "workspaceId", status, consent_region AS "consentRegion",
  refresh_token_ciphertext AS "refreshTokenCiphertext",
  access_token_ciphertext AS "accessTokenCiphertext",
  access_token_expires_at AS "accessTokenExpiresAt",
  consecutive_failures AS "consecutiveFailures"`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An account by id (and, when given, its workspace); null when there is none. */
export async function readAccountTokenRow(
  db: ClientBase | Pool,
  accountId: string,
  workspaceId?: string,
): Promise<AccountTokenRow | null> {
  // A malformed id names no account; asking Postgres would fail on the uuid cast instead.
  if (!UUID.test(accountId)) return null;
  const { rows } =
    workspaceId === undefined
      ? await db.query<AccountTokenRow>(`SELECT ${COLUMNS} FROM amazon_accounts WHERE id = $1`, [
          accountId,
        ])
      : await db.query<AccountTokenRow>(
          `SELECT ${COLUMNS} FROM amazon_accounts WHERE id = $1 AND workspace_id = $2::uuid`,
          [accountId, workspaceId],
        );
  return rows[0] ?? null;
}

/** True when the account holds an access token valid for at least `seconds` more at `now`. */
export function isFreshFor(row: AccountTokenRow, now: Date, seconds: number): boolean {
  return (
    row.accessTokenCiphertext !== null &&
    row.accessTokenExpiresAt !== null &&
    row.accessTokenExpiresAt.getTime() > now.getTime() + seconds * 1000
  );
}
