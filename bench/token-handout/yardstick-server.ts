/**
 * The yardstick: a bare node:http + pg server doing what the hand-out does
 * for a fresh token: the API key looked up by its hash, the account read
 * scoped to the key's owner, the access token decrypted, JSON out. No
 * framework, no ORM.
 *   GET /token?accountId=<uuid>   Authorization: Bearer adc_…
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { REGION_ENDPOINTS, type AmazonRegion } from "@adsconnect/amazon";
import { hashApiKey } from "@adsconnect/api/api-keys";
import { decryptAccessToken } from "@adsconnect/tokens/account-tokens";
import { TokenVault } from "@adsconnect/vault";
import pg from "pg";

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
      return send(res, 400, { error: "bad request" });
    const key = await pool.query<{ workspaceId: string }>(
      `SELECT workspace_id AS "workspaceId" FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hashApiKey(bearer)],
    );
    const workspaceId = key.rows[0]?.workspaceId;
    if (!workspaceId) return send(res, 401, { error: "unauthorized" });
    const account = await pool.query<{ ciphertext: string; expiresAt: Date; region: AmazonRegion }>(
      `SELECT access_token_ciphertext AS ciphertext, access_token_expires_at AS "expiresAt",
              consent_region AS region
         FROM amazon_accounts WHERE id = $1 AND workspace_id = $2 AND status = 'active'`,
      [accountId, workspaceId],
    );
    const row = account.rows[0];
    if (!row) return send(res, 404, { error: "not found" });
    send(res, 200, {
      accessToken: decryptAccessToken(vault, accountId, row.ciphertext),
      expiresAt: row.expiresAt,
      clientId: config.amazonClientId,
      region: row.region,
      adsApiUrl: REGION_ENDPOINTS[row.region].adsApiUrl,
    });
  })().catch((error: unknown) => send(res, 500, { error: String(error) }));
});

function send(res: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
  });
  res.end(json);
}

server.listen(0, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
