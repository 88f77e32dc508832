/**
 * The yardstick: a bare node:http + pg server doing what the hand-out does
 * for a fresh token: the API key looked up by its hash, the account read
 * scoped to the key's owner, the access token decrypted, JSON out. No
 * framework, no ORM.
 *   GET /token?accountId=<uuid>   Authorization: Bearer adc_…
 */
import { createServer } from "node:http";

import { REGION_ENDPOINTS, type AmazonRegion } from "@adsconnect/amazon";
import { hashApiKey } from "@adsconnect/api/api-keys";
import { decryptAccessToken } from "@adsconnect/tokens/account-tokens";
import { TokenVault } from "@adsconnect/vault";
import pg from "pg";

import { announceListening, sendJson } from "../support/bench-server";
import { readServerConfig } from "./config";

const config = readServerConfig();
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
const vault = TokenVault.fromEncryptionKeys(config.encryptionKeys);

const server = createServer((req, res) => {
  void (async () => {
    const url = new URL(req.url ?? "/", "http://x");
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const accountId = url.searchParams.get("accountId");
    if (url.pathname !== "/token" || !bearer || !accountId)
      return sendJson(res, 400, { error: "bad request" });
    const key = await pool.query<{ workspaceId: string }>(
      `SELECT workspace_id AS "workspaceId" FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hashApiKey(bearer)],
    );
    const workspaceId = key.rows[0]?.workspaceId;
    if (!workspaceId) return sendJson(res, 401, { error: "unauthorized" });
    const account = await pool.query<{ ciphertext: string; expiresAt: Date; region: AmazonRegion }>(
      `SELECT access_token_ciphertext AS ciphertext, access_token_expires_at AS "expiresAt",
              consent_region AS region
         FROM amazon_accounts WHERE id = $1 AND workspace_id = $2 AND status = 'active'`,
      [accountId, workspaceId],
    );
    const row = account.rows[0];
    if (!row) return sendJson(res, 404, { error: "not found" });
    sendJson(res, 200, {
      accessToken: decryptAccessToken(vault, accountId, row.ciphertext),
      expiresAt: row.expiresAt,
      clientId: config.amazonClientId,
      region: row.region,
      adsApiUrl: REGION_ENDPOINTS[row.region].adsApiUrl,
    });
  })().catch((error: unknown) => sendJson(res, 500, { error: String(error) }));
});

announceListening(server);
