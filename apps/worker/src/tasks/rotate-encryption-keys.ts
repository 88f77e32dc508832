import type { Services } from "@adsconnect/services";
import { CIPHERTEXT_TABLES, rotateBatch } from "@adsconnect/tokens/key-rotation";
import type { JobHelpers } from "graphile-worker";

import { enqueue, type Payload } from "../jobs";
import type { TaskSettings } from "../task-list";

/** One job at a time per rotation: the next batch replaces nothing but itself. */
export const ROTATION_JOB_KEY = "rotate_encryption_keys";

/**
 * Re-encrypts one batch under the newest key, logs the progress, and
 * enqueues the next batch with the cursor in its payload: resumable after a
 * crash (the job is retried from its cursor) and idempotent (values already
 * under the newest key are skipped). Returns whether more batches follow.
 */
export async function runRotateEncryptionKeys(
  services: Pick<Services, "pool" | "vault" | "logger">,
  payload: Payload<"rotate_encryption_keys">,
  helpers: Pick<JobHelpers, "addJob">,
  { keyRotationBatchSize }: TaskSettings,
): Promise<boolean> {
  const cursor = payload.cursor ?? { table: CIPHERTEXT_TABLES[0].table, afterId: null };
  const batch = await rotateBatch(services, { ...cursor, batchSize: keyRotationBatchSize });
  const scanned = payload.scanned + batch.scanned;
  const rotated = payload.rotated + batch.rotated;
  services.logger.info(
    { table: cursor.table, afterId: batch.lastId, scanned, rotated, unreadable: batch.unreadable },
    "key rotation progress",
  );

  let next: { table: (typeof CIPHERTEXT_TABLES)[number]["table"]; afterId: string | null } | null;
  if (batch.lastId !== null) next = { table: cursor.table, afterId: batch.lastId };
  else {
    const index = CIPHERTEXT_TABLES.findIndex((t) => t.table === cursor.table);
    const following = CIPHERTEXT_TABLES[index + 1];
    next = following ? { table: following.table, afterId: null } : null;
  }
  if (next === null) {
    services.logger.info(
      { scanned, rotated },
      "key rotation done: run keys:status to see whether an old key may go",
    );
    return false;
  }
  await enqueue(
    helpers,
    "rotate_encryption_keys",
    { cursor: next, scanned, rotated },
    { jobKey: ROTATION_JOB_KEY },
  );
  return true;
}
