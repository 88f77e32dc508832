import type { TaskList } from "graphile-worker";

import { defineTask } from "./jobs";
import { runDailyAccountChecks } from "./tasks/daily-account-checks";
import { purgeExpiredRows } from "./tasks/purge-expired-rows";
import { runRefreshAccountTokens } from "./tasks/refresh-account-tokens";
import { runRotateEncryptionKeys } from "./tasks/rotate-encryption-keys";
import { sweepDueAccounts } from "./tasks/sweep-due-accounts";
import { runSyncAccountProfiles } from "./tasks/sync-account-profiles";
import type { WorkerDeps } from "./worker-deps";

/** Every task the worker runs, by name (names and payloads: jobs.ts). */
export function createTaskList(deps: WorkerDeps): TaskList {
  return {
    sweep_due_accounts: defineTask("sweep_due_accounts", async (_payload, helpers) => {
      const due = await sweepDueAccounts(deps.pool, helpers, {
        leadSeconds: deps.refresh.leadSeconds,
      });
      if (due > 0) deps.logger.info({ due }, "refresh sweep enqueued due accounts");
    }),
    refresh_account_tokens: defineTask("refresh_account_tokens", (payload, helpers) =>
      runRefreshAccountTokens(deps, payload, helpers),
    ),
    daily_account_checks: defineTask("daily_account_checks", async (_payload, helpers) => {
      await runDailyAccountChecks(deps, helpers);
    }),
    sync_account_profiles: defineTask("sync_account_profiles", async (payload) => {
      await runSyncAccountProfiles(deps, payload);
    }),
    rotate_encryption_keys: defineTask("rotate_encryption_keys", async (payload, helpers) => {
      await runRotateEncryptionKeys(deps, payload, helpers);
    }),
    purge_expired_rows: defineTask("purge_expired_rows", async () => {
      const purged = await purgeExpiredRows(deps.db);
      deps.logger.info(purged, "purged expired oauth states and old refresh events");
    }),
  };
}

/**
 * Every line carries `?id=` so renaming a task never loses its schedule
 * bookkeeping, and a job key so a run still waiting (the worker was down)
 * absorbs the next instead of piling up.
 */
export const crontab = [
  "* * * * * sweep_due_accounts ?id=sweep_due_accounts&jobKey=sweep_due_accounts",
  "0 * * * * purge_expired_rows ?id=purge_expired_rows&jobKey=purge_expired_rows",
  "17 4 * * * daily_account_checks ?id=daily_account_checks&jobKey=daily_account_checks",
  "43 2 * * * rotate_encryption_keys ?id=rotate_encryption_keys&jobKey=rotate_encryption_keys",
].join("\n");
