import { AdsConnectError } from "@adsconnect/errors";
import type { Services } from "@adsconnect/services";

import { WEBHOOK_CHANNEL } from "../sql";

/**
 * Sends a message again: back to pending with a fresh schedule, due now (logged as new attempts;
 * the event keeps its webhook-id, so a receiver that dedupes sees it is the same event). Not
 * while a worker is delivering it (its lease is live): clearing the lease would let a second
 * worker post it at the same time and throw away the first one's answer.
 */
export async function replayMessage(
  services: Pick<Services, "db" | "now">,
  workspaceId: string,
  messageId: string,
): Promise<{ messageId: string }> {
  const now = services.now();
  const replayed = await services.db.$transaction(async (tx) => {
    const { count } = await tx.webhookMessage.updateMany({
      where: {
        id: messageId,
        endpoint: { workspaceId },
        // Not leased right now (written as an OR: lease_until is NULL for most rows, and SQL's
        // NOT (… AND NULL) would drop them).
        OR: [{ state: { not: "pending" } }, { leaseUntil: null }, { leaseUntil: { lte: now } }],
      },
      data: {
        state: "pending",
        attemptCount: 0,
        nextAttemptAt: now,
        leaseUntil: null,
        updatedAt: now,
      },
    });
    if (count === 1) await tx.$executeRawUnsafe(`NOTIFY ${WEBHOOK_CHANNEL}`);
    return count === 1;
  });
  if (
    !replayed &&
    (await services.db.webhookMessage.count({
      where: { id: messageId, endpoint: { workspaceId } },
    }))
  )
    throw new AdsConnectError(
      "unavailable",
      "This message is being delivered right now. Replay it once this attempt shows in the endpoint's log (within seconds).",
    );
  if (!replayed)
    throw new AdsConnectError(
      "not_found",
      "No such webhook message in this workspace. Pick one from the endpoint's attempts log.",
    );
  return { messageId };
}
