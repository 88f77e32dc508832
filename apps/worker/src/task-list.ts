import type { Services } from "@adsconnect/services";
import type { TaskList } from "graphile-worker";

import { defineTask } from "./jobs";
import { runDailyAccountChecks } from "./tasks/daily-account-checks";
import { purgeExpiredRows } from "./tasks/purge-expired-rows";
import { runPurgeWebhookHistory } from "./tasks/purge-webhook-history";
import { runRefreshAccountTokens } from "./tasks/refresh-account-tokens";
import { runRotateEncryptionKeys } from "./tasks/rotate-encryption-keys";
import { sweepDueAccounts } from "./tasks/sweep-due-accounts";
import { runSyncAccountProfiles } from "./tasks/sync-account-profiles";

/** The worker's own settings of its tasks (env.ts); the rest is in the services. */
export interface TaskSettings {
  /** Rows per key-rotation batch. */
  keyRotationBatchSize: number;
  /** Days a disconnected account is kept before the hourly purge deletes it. Default 30. */
  disconnectedAccountRetentionDays?: number;
  /** Days a delivered or failed webhook message (and its attempts, and a spent event) is kept. Default 30. */
  webhookRetentionDays?: number;
}

/** Every task the worker runs, by name (names and payloads: jobs.ts). */
export function createTaskList(services: Services, settings: TaskSettings): TaskList {
  return {
    sweep_due_accounts: defineTask("sweep_due_accounts", async (_payload, helpers) => {
      const due = await sweepDueAccounts(services, helpers);
      if (due > 0) services.logger.info({ due }, "refresh sweep enqueued due accounts");
    }),
    refresh_account_tokens: defineTask("refresh_account_tokens", (payload, helpers) =>
      runRefreshAccountTokens(services, payload, helpers),
    ),
    daily_account_checks: defineTask("daily_account_checks", async (_payload, helpers) => {
      await runDailyAccountChecks(services, helpers);
    }),
    sync_account_profiles: defineTask("sync_account_profiles", async (payload) => {
      await runSyncAccountProfiles(services, payload);
    }),
    rotate_encryption_keys: defineTask("rotate_encryption_keys", async (payload, helpers) => {
      await runRotateEncryptionKeys(services, payload, helpers, settings);
    }),
    purge_expired_rows: defineTask("purge_expired_rows", async () => {
      const purged = await purgeExpiredRows(services.db, services.now(), {
        disconnectedAccountRetentionDays: settings.disconnectedAccountRetentionDays,
      });
      services.logger.info(
        purged,
        "purged expired oauth states, old refresh events and webhook ids, and long-disconnected accounts",
      );
    }),
    purge_webhook_history: defineTask("purge_webhook_history", async (_payload, helpers) => {
      await runPurgeWebhookHistory(services, helpers, settings);
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
  "30 * * * * purge_webhook_history ?id=purge_webhook_history&jobKey=purge_webhook_history",
  "17 4 * * * daily_account_checks ?id=daily_account_checks&jobKey=daily_account_checks",
  "43 2 * * * rotate_encryption_keys ?id=rotate_encryption_keys&jobKey=rotate_encryption_keys",
].join("\n");
