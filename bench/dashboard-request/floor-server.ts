/**
 * The floor: a bare node:http + pg server doing the least one authenticated dashboard read
 * needs: the local session cookie's RS256 signature and expiry checked (node:crypto), then one
 * indexed SELECT of the person's workspace's accounts with their profiles, JSON out. No
 * framework, no ORM, no session or membership bookkeeping.
 *   GET /accounts   Cookie: __session=<the local issuer's token>
 */
import { createPublicKey, verify } from "node:crypto";
import { createServer } from "node:http";

import pg from "pg";

import { announceListening, readServerConfig, sendJson } from "../support/bench-server";

export interface FloorConfig {
  databaseUrl: string;
  /** The local issuer's public key (SPKI PEM). */
  publicKeyPem: string;
}

const config = readServerConfig<FloorConfig>();
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
const publicKey = createPublicKey(config.publicKeyPem);

/** The token's subject when its signature is the issuer's and it has not expired. */
function subjectOf(token: string | undefined): string | null {
  const [header, payload, signature] = token?.split(".") ?? [];
  if (!header || !payload || !signature) return null;
  const signed = verify(
    "RSA-SHA256",
    Buffer.from(`${header}.${payload}`),
    publicKey,
    Buffer.from(signature, "base64url"),
  );
  if (!signed) return null;
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as {
    sub?: string;
    exp?: number;
  };
  return claims.sub && (claims.exp ?? 0) > Date.now() / 1000 ? claims.sub : null;
}

const ACCOUNTS_SQL = `
  SELECT a.id, a.amazon_user_id AS "amazonUserId", a.amazon_name AS "amazonName",
         a.amazon_email AS "amazonEmail", a.consent_region AS "consentRegion", a.status,
         a.access_token_expires_at AS "accessTokenExpiresAt", a.consented_at AS "consentedAt",
         a.last_refreshed_at AS "lastRefreshedAt", a.created_at AS "createdAt",
         coalesce((SELECT json_agg(json_build_object(
                    'id', p.id, 'profileId', p.profile_id::text, 'region', p.region,
                    'countryCode', p.country_code, 'accountInfoName', p.account_info_name)
                    ORDER BY p.region, p.country_code)
                   FROM advertising_profiles p WHERE p.account_id = a.id), '[]') AS profiles
    FROM workspaces w JOIN amazon_accounts a ON a.workspace_id = w.id
   WHERE w.personal_owner_id = $1
   ORDER BY a.created_at DESC`;

const server = createServer((req, res) => {
  void (async () => {
    const token = /(?:^|;\s*)__session=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
    if (req.url !== "/accounts") return sendJson(res, 404, { error: "not found" });
    const userId = subjectOf(token);
    if (!userId) return sendJson(res, 401, { error: "unauthorized" });
    const { rows } = await pool.query(ACCOUNTS_SQL, [userId]);
    sendJson(res, 200, { accounts: rows });
  })().catch((error: unknown) => sendJson(res, 500, { error: String(error) }));
});

announceListening(server);
