/**
 * Every column that holds a vault ciphertext. A new encrypted column must be
 * listed here, or key rotation will not reach it and keys:status will not
 * count it.
 */
export const CIPHERTEXT_TABLES = [
  {
    table: "amazon_accounts",
    columns: ["refresh_token_ciphertext", "access_token_ciphertext"],
    // Written by token refreshes under the per-account lock: rotation takes it too.
    accountLock: true,
  },
  {
    table: "oauth_states",
    columns: ["code_verifier_ciphertext"],
    accountLock: false,
  },
  {
    // Outbound webhook signing secrets (@adsconnect/webhooks).
    table: "webhook_endpoints",
    columns: ["secret_ciphertext", "previous_secret_ciphertext"],
    accountLock: false,
  },
] as const;

export type CiphertextTable = (typeof CIPHERTEXT_TABLES)[number];
export type CiphertextTableName = CiphertextTable["table"];

export function ciphertextTable(name: CiphertextTableName): CiphertextTable {
  const found = CIPHERTEXT_TABLES.find((t) => t.table === name);
  if (!found) throw new Error(`no ciphertext table ${name}`);
  return found;
}
