/**
 * `pnpm --filter @adsconnect/worker keys:status`: which key every stored
 * ciphertext needs, and whether an older key may leave ENCRYPTION_KEYS.
 * Needs only DATABASE_URL and ENCRYPTION_KEYS. Exit code 0: every value is
 * under the newest key; 1: some still need an older key; 2: some open with
 * no key at all.
 */
import { dbEnv } from "@adsconnect/db/env";
import { createPool } from "@adsconnect/services";
import { describeKeyStatus, keyStatus } from "@adsconnect/tokens/key-rotation";
import { TokenVault } from "@adsconnect/vault";
import { vaultEnv } from "@adsconnect/vault/env";

// Not createServices: that needs the Amazon client's settings too, which an operator
// checking keys should not have to set.
const { DATABASE_URL } = dbEnv();
const vault = TokenVault.fromEncryptionKeys(vaultEnv().ENCRYPTION_KEYS);
const pool = createPool(DATABASE_URL, {
  max: 1,
  applicationName: "adsconnect-keys-status",
  onError: () => {},
});
try {
  const { text, exitCode } = describeKeyStatus(await keyStatus({ pool, vault }));
  console.log(text);
  process.exitCode = exitCode;
} finally {
  await pool.end();
}
