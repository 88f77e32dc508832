/**
 * `pnpm --filter @adsconnect/worker keys:rotate`: asks the running worker to
 * re-encrypt every ciphertext under the newest key now, rather than at the
 * nightly run (rotate_encryption_keys). Progress appears in the worker's log;
 * keys:status tells when it is done. Needs only DATABASE_URL.
 */
import { dbEnv } from "@adsconnect/db/env";
import { quickAddJob } from "graphile-worker";

import { ROTATION_JOB_KEY } from "../src/tasks/rotate-encryption-keys";

const job = await quickAddJob(
  { connectionString: dbEnv().DATABASE_URL },
  "rotate_encryption_keys",
  {},
  { jobKey: ROTATION_JOB_KEY },
);
console.log(`key rotation queued (job ${job.id}); the worker logs its progress`);
