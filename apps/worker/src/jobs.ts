import { withRequestId } from "@adsconnect/logger";
import type { AddJobFunction, JobHelpers, Task, TaskSpec } from "graphile-worker";
import { z } from "zod";

const accountId = z.uuid();

/**
 * Every task's name and payload schema, in one place. Cron jobs also get a
 * `_cron` field, which the (stripping) object schemas drop.
 */
export const payloadSchemas = {
  /** Every minute: one refresh_account_tokens job per account due for a refresh. */
  sweep_due_accounts: z.object({}),
  /** One account's token refresh; retried with backoff on failures that may pass. */
  refresh_account_tokens: z.object({ accountId }),
  /** Daily: flags grants close to a year old, and fans out sync_account_profiles. */
  daily_account_checks: z.object({}),
  /** One account's profiles (all three regions) and DSP advertisers, read again. */
  sync_account_profiles: z.object({ accountId }),
  /** Re-encrypts ciphertexts under the newest key, one batch per job, resuming from `cursor`. */
  rotate_encryption_keys: z.object({
    cursor: z
      .object({
        table: z.enum(["amazon_accounts", "oauth_states", "webhook_endpoints"]),
        afterId: z.uuid().nullable(),
      })
      .optional(),
    /** Running totals, for the progress log. */
    scanned: z.number().int().min(0).default(0),
    rotated: z.number().int().min(0).default(0),
  }),
  /** Hourly: deletes expired OAuth states, old refresh events, long-disconnected accounts (tasks/purge-expired-rows.ts). */
  purge_expired_rows: z.object({}),
  /** Hourly: deletes delivered and failed webhook messages, their attempts and spent events past WEBHOOK_RETENTION_DAYS. */
  purge_webhook_history: z.object({}),
} as const;

export type TaskName = keyof typeof payloadSchemas;
export type PayloadIn<T extends TaskName> = z.input<(typeof payloadSchemas)[T]>;
export type Payload<T extends TaskName> = z.output<(typeof payloadSchemas)[T]>;

type TaskPayloads = { [T in TaskName]: PayloadIn<T> };

declare global {
  // graphile-worker's registry of task payloads: addJob and addJobs check names and payloads against it.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace GraphileWorker {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Tasks extends TaskPayloads {}
  }
}

/** The job key that makes one account's jobs of a kind collapse into one. */
export function accountJobKey(
  task: "refresh_account_tokens" | "sync_account_profiles",
  id: string,
): string {
  return `${task}:${id}`;
}

/** Adds a job with a payload checked against its task's schema. */
export function enqueue<T extends TaskName>(
  adder: { addJob: AddJobFunction },
  task: T,
  payload: PayloadIn<T>,
  spec?: TaskSpec,
) {
  // addJob's payload type is conditional on the name, which a generic name cannot narrow; the
  // schema has just checked it.
  return adder.addJob(task, payloadSchemas[task].parse(payload) as never, spec);
}

/** A graphile-worker task that validates its payload on entry; a bad payload is logged and dropped, since no retry can fix it. */
export function defineTask<T extends TaskName>(
  task: T,
  run: (payload: Payload<T>, helpers: JobHelpers) => Promise<void>,
): Task {
  // Each job runs as "job-<id>": every log line of its work names it. (Tests may run a task
  // with helpers of their own, without a job.)
  return (raw, helpers) => {
    const jobId = (helpers as Partial<JobHelpers>).job?.id;
    return jobId === undefined
      ? runParsed(raw, helpers)
      : withRequestId(`job-${jobId}`, () => runParsed(raw, helpers));
  };
  async function runParsed(raw: unknown, helpers: JobHelpers): Promise<void> {
    const parsed = payloadSchemas[task].safeParse(raw ?? {});
    if (!parsed.success) {
      helpers.logger.error(`${task}: invalid payload, dropped: ${z.prettifyError(parsed.error)}`);
      return;
    }
    await run(parsed.data as Payload<T>, helpers);
  }
}
