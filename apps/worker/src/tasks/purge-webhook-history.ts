import type { Services } from "@adsconnect/services";
import {
  DEFAULT_WEBHOOK_RETENTION_DAYS,
  purgeWebhookHistory,
} from "@adsconnect/webhooks/retention";
import type { JobHelpers } from "graphile-worker";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The hourly webhook history purge (@adsconnect/webhooks' purgeWebhookHistory), in batches on
 * the worker's pool. A shutdown stops it between batches; the next hour's run goes on.
 */
export async function runPurgeWebhookHistory(
  services: Pick<Services, "pool" | "now" | "logger">,
  helpers: Partial<Pick<JobHelpers, "abortSignal">>,
  { webhookRetentionDays = DEFAULT_WEBHOOK_RETENTION_DAYS }: { webhookRetentionDays?: number },
) {
  const cutoff = new Date(services.now().getTime() - webhookRetentionDays * DAY_MS);
  const purged = await purgeWebhookHistory(services.pool, {
    cutoff,
    ...(helpers.abortSignal ? { signal: helpers.abortSignal } : {}),
  });
  services.logger.info(
    { ...purged, webhookRetentionDays },
    "purged finished webhook messages, their attempts and spent events",
  );
  return purged;
}
