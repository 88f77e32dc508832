import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";

import { decryptAccessToken, decryptRefreshToken } from "@adsconnect/tokens/account-tokens";
import { describeKeyStatus, keyStatus } from "@adsconnect/tokens/key-rotation";
import {
  createAccount,
  createUser,
  personalWorkspaceOf,
  type TestAccount,
} from "@adsconnect/tokens/testing";
import { generateFernetKey, TokenVault } from "@adsconnect/vault";
import { createEndpoint, rotateSecret } from "@adsconnect/webhooks/endpoints";
import { decryptWebhookSecret } from "@adsconnect/webhooks/secrets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runRotateEncryptionKeys } from "../src/tasks/rotate-encryption-keys";
import { inheritedPath } from "./support/env";
import { queuedJobs, startWorkerHarness, type WorkerHarness } from "./support/harness";

let h: WorkerHarness;
beforeAll(async () => (h = await startWorkerHarness()));
afterAll(() => h.close());

// The harness's key is the old one; a new key goes in front of it, as an operator would do.
const newKey = generateFernetKey();
const rotatedKeys = () => `${newKey},${h.encryptionKeys}`;
/** The harness's services with the new key put first, as the worker has them after a deploy. */
const rotatedServices = () => h.services({ vault: TokenVault.fromEncryptionKeys(rotatedKeys()) });

describe("key rotation", () => {
  let accounts: TestAccount[];
  const verifiers = new Map<string, string>();
  /** A webhook endpoint with a current and a previous secret (both ciphertexts rotate). */
  let endpoint: { id: string; secrets: [string, string] };

  beforeAll(async () => {
    accounts = [];
    for (let i = 0; i < 7; i++)
      accounts.push(await createAccount(h.pool, h.vault, h.sandbox, { expiresInSeconds: 1800 }));
    const userId = await createUser(h.pool);
    const workspaceId = await personalWorkspaceOf(h.pool, userId);
    for (let i = 0; i < 3; i++) {
      const id = randomUUID();
      const verifier = `verifier-${i}`;
      verifiers.set(id, verifier);
      await h.pool.query(
        `INSERT INTO oauth_states (id, state_hash, user_id, workspace_id, region, code_verifier_ciphertext, expires_at)
         VALUES ($1, $2, $3, $5, 'NA', $4, now() + interval '5 minutes')`,
        [
          id,
          `hash-${id}`,
          userId,
          h.vault.encryptFor(`oauth_state:${id}:code_verifier`, verifier),
          workspaceId,
        ],
      );
    }
    const created = await createEndpoint(h.services(), {
      workspaceId,
      createdById: null,
      url: "https://93.184.216.34/hooks",
      eventTypes: [],
    });
    const rotated = await rotateSecret(h.services(), workspaceId, created.endpoint.id);
    endpoint = { id: created.endpoint.id, secrets: [rotated.secret, created.secret] };
  });

  it("reports every ciphertext still under the old key, with exit code 1", async () => {
    const status = await keyStatus(rotatedServices());
    expect(status.needingOlderKeys).toBe(7 * 2 + 3 + 2);
    expect(status.unreadable).toBe(0);
    const { text, exitCode } = describeKeyStatus(status);
    expect(exitCode).toBe(1);
    expect(text).toContain("still need an older key");
  });

  it("re-encrypts everything in batches, resuming from the cursor each job hands to the next", async () => {
    const services = rotatedServices();
    let payload = { scanned: 0, rotated: 0 } as Parameters<typeof runRotateEncryptionKeys>[1];
    let jobs = 0;
    for (;;) {
      jobs++;
      const more = await runRotateEncryptionKeys(services, payload, h.helpers, {
        keyRotationBatchSize: 3,
      });
      const queued = await queuedJobs(h.pool, "rotate_encryption_keys");
      if (!more) {
        expect(queued).toEqual([]);
        break;
      }
      expect(queued).toHaveLength(1);
      payload = queued[0]!.payload as typeof payload;
      await h.pool.query(`DELETE FROM graphile_worker._private_jobs`);
    }
    // 7 accounts in batches of 3 (3 jobs), then 3 states (a full batch, then an empty one), then
    // the webhook endpoint's short batch, which ends the run, handed the totals so far: 10 rows,
    // 7 × 2 + 3 values (keys:status below shows its 2 secrets rotated too).
    expect(jobs).toBe(6);
    expect(payload).toMatchObject({ scanned: 10, rotated: 17 });

    expect(describeKeyStatus(await keyStatus(services)).exitCode).toBe(0);
    // The values are the same secrets, bound to the same rows, now under the new key alone.
    const newOnly = TokenVault.fromEncryptionKeys(newKey);
    for (const a of accounts) {
      const { rows } = await h.pool.query<{ r: string; a: string }>(
        `SELECT refresh_token_ciphertext AS r, access_token_ciphertext AS a FROM amazon_accounts WHERE id = $1`,
        [a.id],
      );
      expect(decryptRefreshToken(newOnly, a.id, rows[0]!.r)).toBe(a.refreshToken);
      expect(decryptAccessToken(newOnly, a.id, rows[0]!.a)).toBe(a.accessToken);
    }
    for (const [id, verifier] of verifiers) {
      const { rows } = await h.pool.query<{ c: string }>(
        `SELECT code_verifier_ciphertext AS c FROM oauth_states WHERE id = $1`,
        [id],
      );
      expect(newOnly.decryptFor(`oauth_state:${id}:code_verifier`, rows[0]!.c)).toBe(verifier);
    }
    const { rows } = await h.pool.query<{ s: string; p: string }>(
      `SELECT secret_ciphertext AS s, previous_secret_ciphertext AS p FROM webhook_endpoints WHERE id = $1`,
      [endpoint.id],
    );
    expect(
      [rows[0]!.s, rows[0]!.p].map((c) => decryptWebhookSecret(newOnly, endpoint.id, c)),
    ).toEqual(endpoint.secrets);
  });

  it("changes nothing when run again", async () => {
    const before = await h.pool.query(
      `SELECT id, refresh_token_ciphertext, access_token_ciphertext FROM amazon_accounts ORDER BY id`,
    );
    const services = rotatedServices();
    const settings = { keyRotationBatchSize: 100 };
    await runRotateEncryptionKeys(services, { scanned: 0, rotated: 0 }, h.helpers, settings);
    const [next] = await queuedJobs(h.pool, "rotate_encryption_keys");
    await h.pool.query(`DELETE FROM graphile_worker._private_jobs`);
    await runRotateEncryptionKeys(services, next!.payload as never, h.helpers, settings);
    const after = await h.pool.query(
      `SELECT id, refresh_token_ciphertext, access_token_ciphertext FROM amazon_accounts ORDER BY id`,
    );
    expect(after.rows).toEqual(before.rows);
    await h.pool.query(`DELETE FROM graphile_worker._private_jobs`);
  });

  it("keys:status tells the operator the old key may go (exit 0), or that one was removed too early (exit 2)", () => {
    const run = (keys: string) =>
      spawnSync(process.execPath, ["--import", "tsx", "scripts/keys-status.ts"], {
        cwd: new URL("..", import.meta.url),
        env: { PATH: inheritedPath, DATABASE_URL: h.database.url, ENCRYPTION_KEYS: keys },
        encoding: "utf8",
      });
    const done = run(rotatedKeys());
    expect(done.status).toBe(0);
    expect(done.stdout).toContain("may be removed from ENCRYPTION_KEYS");

    const wrong = run(generateFernetKey());
    expect(wrong.status).toBe(2);
    expect(wrong.stdout).toContain("Put it back");
  });
});
