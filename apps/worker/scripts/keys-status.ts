/**
 * `pnpm --filter @adsconnect/worker keys:status`: which key every stored
 * ciphertext needs, and whether an older key may leave ENCRYPTION_KEYS.
 * Needs only DATABASE_URL and ENCRYPTION_KEYS. Exit code 0: every value is
 * under the newest key; 1: some still need an older key; 2: some open with
 * no key at all.
 */
import { TokenVault } from "@adsconnect/vault";
import pg from "pg";

import { describeKeyStatus, keyStatus } from "../src/key-rotation/key-status";

const databaseUrl = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const vault = TokenVault.fromEncryptionKeys(process.env.ENCRYPTION_KEYS);
const pool = new pg.Pool({
  connectionString: databaseUrl,
  max: 1,
  application_name: "adsconnect-keys-status",
});
try {
  const { text, exitCode } = describeKeyStatus(await keyStatus(pool, vault));
  console.log(text);
  process.exitCode = exitCode;
} finally {
  await pool.end();
}
