import { AdsConnectError } from "@adsconnect/errors";
import type { Services } from "@adsconnect/services";

import { WEBHOOK_CHANNEL } from "../sql";

/**
 * Sends a message again: back to pending with a fresh schedule, due now (logged as new attempts;
 * the event keeps its webhook-id, so a receiver that dedupes sees it is the same event).
 */
export async function replayMessage(
  services: Pick<Services, "db" | "now">,
  workspaceId: string,
  messageId: string,
): Promise<{ messageId: string }> {
  const now = services.now();
  const replayed = await services.db.$transaction(async (tx) => {
    const { count } = await tx.webhookMessage.updateMany({
      where: { id: messageId, endpoint: { workspaceId } },
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
  if (!replayed)
    throw new AdsConnectError(
      "not_found",
      "No such webhook message in this workspace. Pick one from the endpoint's attempts log.",
    );
  return { messageId };
}
