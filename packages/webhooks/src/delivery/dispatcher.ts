import type { WebhookAttemptOutcomeLabel } from "@adsconnect/metrics";
import type { Services } from "@adsconnect/services";
import type { PoolClient } from "pg";

import { WEBHOOK_CHANNEL } from "../sql";
import { claimDueMessages, type ClaimedMessage } from "./claim-messages";
import { deliverMessage } from "./deliver-message";
import type { PostOutcome } from "./post-webhook";
import { recordAttempt, type AttemptVerdict } from "./record-attempt";

export interface DispatcherOptions {
  /** Deliveries in flight at once in this process. Default 10. */
  concurrency?: number;
  /** Look for due messages at least this often, besides each NOTIFY of a committed event. Default 1,000 ms. */
  pollMs?: number;
  /** Called after each attempt (tests, metrics). */
  onAttempt?: (message: ClaimedMessage, verdict: AttemptVerdict) => void;
}

export interface WebhookDispatcher {
  /** Stops claiming, lets the deliveries in flight finish and record, and releases its LISTEN connection. */
  stop(): Promise<void>;
}

type DispatcherServices = Pick<
  Services,
  "pool" | "vault" | "webhooks" | "now" | "logger" | "metrics"
>;

/** The metrics' name for a verdict: an exhausted schedule is the message's `failed`. */
const OUTCOME_LABEL: Record<AttemptVerdict, WebhookAttemptOutcomeLabel> = {
  delivered: "delivered",
  retry: "retry",
  exhausted: "failed",
  lease_lost: "lease_lost",
};

/**
 * The worker's webhook delivery loop: claims due messages with a lease (claimDueMessages), delivers
 * each (deliverMessage) and records the attempt (recordAttempt). It wakes on a NOTIFY from
 * recordAccountEvent, after each delivery, and every `pollMs` (retries coming due, leases of a
 * killed worker running out). The lease is the attempt's timeout plus 5 s: a message is never
 * delivered by two workers at once unless one outlived its lease, and one killed mid-delivery is
 * taken over by another worker, so none is lost (a receiver may see it twice: dedupe on webhook-id).
 */
export async function startWebhookDispatcher(
  services: DispatcherServices,
  options: DispatcherOptions = {},
): Promise<WebhookDispatcher> {
  const concurrency = options.concurrency ?? 10;
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = services.webhooks.timeoutMs + 5000;
  const { logger, metrics } = services;
  const count = (outcome: WebhookAttemptOutcomeLabel, durationMs: number) => {
    metrics.webhookAttempts.inc({ outcome });
    metrics.webhookAttemptDuration.observe({ outcome }, durationMs / 1000);
  };
  let stopping = false;
  let inFlight = 0;
  const running = new Set<Promise<void>>();
  let wake: (() => void) | null = null;
  const nudge = () => wake?.();

  let listener: PoolClient | null = await services.pool.connect();
  listener.on("notification", nudge);
  listener.on("error", (error) =>
    logger.warn({ err: String(error) }, "webhook LISTEN connection failed"),
  );
  await listener.query(`LISTEN ${WEBHOOK_CHANNEL}`);

  // An attempt that throws (a secret that no longer decrypts, a bug) is still an attempt: it is
  // recorded as failed and the schedule moves on, so one message cannot be retried forever with
  // no trace in its log, blocking its lane. The reason stays in our log; the attempts log says
  // only that it was ours.
  const attempt = async (message: ClaimedMessage, started: number): Promise<PostOutcome> => {
    try {
      return await deliverMessage(services, message);
    } catch (error) {
      logger.error({ err: error, messageId: message.id }, "webhook attempt could not be made");
      return {
        responseCode: null,
        responseBody: null,
        error:
          "adsconnect could not make this attempt (an internal error); it follows the retry schedule",
        durationMs: Math.round(performance.now() - started),
      };
    }
  };

  const deliver = async (message: ClaimedMessage) => {
    const started = performance.now();
    try {
      const outcome = await attempt(message, started);
      const verdict = await recordAttempt(services.pool, {
        messageId: message.id,
        endpointId: message.endpointId,
        workspaceId: message.workspaceId,
        url: message.url,
        leaseUntil: message.leaseUntil,
        attemptCount: message.attemptCount,
        outcome,
        now: services.now(),
        retryScheduleMs: services.webhooks.retryScheduleMs,
      });
      const log = {
        messageId: message.id,
        eventId: message.eventId,
        endpointId: message.endpointId,
      };
      if (verdict === "exhausted")
        logger.warn(
          { ...log, error: outcome.error },
          "webhook endpoint disabled: every attempt failed",
        );
      else if (verdict !== "delivered")
        logger.info(
          { ...log, verdict, responseCode: outcome.responseCode, error: outcome.error },
          "webhook attempt failed",
        );
      count(OUTCOME_LABEL[verdict], outcome.durationMs);
      options.onAttempt?.(message, verdict);
    } catch (error) {
      count("error", performance.now() - started);
      // The lease runs out and the message is tried again.
      logger.error({ err: error, messageId: message.id }, "webhook delivery failed unexpectedly");
    }
  };

  const loop = (async () => {
    while (!stopping) {
      let claimed: ClaimedMessage[] = [];
      // Claim in batches, once half the slots are free: a claim is a query whatever its size.
      if (inFlight <= concurrency / 2) {
        const now = services.now();
        try {
          claimed = await claimDueMessages(services.pool, {
            now,
            leaseUntil: new Date(now.getTime() + leaseMs),
            limit: concurrency - inFlight,
          });
        } catch (error) {
          logger.warn({ err: String(error) }, "claiming webhook messages failed");
        }
      }
      for (const message of claimed) {
        inFlight += 1;
        const task = deliver(message).finally(() => {
          inFlight -= 1;
          running.delete(task);
          nudge();
        });
        running.add(task);
      }
      if (claimed.length > 0 && inFlight <= concurrency / 2) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    }
  })();

  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      nudge();
      await loop;
      await Promise.all(running);
      if (listener) {
        listener.removeListener("notification", nudge);
        await listener.query(`UNLISTEN ${WEBHOOK_CHANNEL}`).catch(() => {});
        listener.release(true);
        listener = null;
      }
    },
  };
}
