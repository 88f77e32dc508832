import { recordActivity } from "@adsconnect/db/activity";
import type { Services } from "@adsconnect/services";
import { AccountNotFoundError } from "@adsconnect/tokens/errors";
import { recordAccountEvent } from "@adsconnect/webhooks/record-account-event";

/**
 * Disconnects an account: both token ciphertexts are erased (nothing is left
 * to decrypt), the status becomes disconnected, and the audit history stays until the
 * worker purges the row DISCONNECTED_ACCOUNT_RETENTION_DAYS after `disconnectedAt`.
 * Amazon has no revocation endpoint; the README tells people where to remove
 * the app at Amazon too. Only the workspace's admins may (the caller checks); another
 * workspace's account is not found.
 */
export async function disconnectAccount(
  services: Pick<Services, "db" | "now">,
  { workspaceId, actorId, accountId }: { workspaceId: string; actorId: string; accountId: string },
) {
  const now = services.now();
  return services.db.$transaction(async (tx) => {
    const erased = await tx.amazonAccount.updateMany({
      where: { id: accountId, workspaceId },
      data: {
        status: "disconnected",
        disconnectedAt: now,
        refreshTokenCiphertext: null,
        accessTokenCiphertext: null,
        accessTokenExpiresAt: null,
      },
    });
    if (erased.count !== 1) throw new AccountNotFoundError();
    await recordActivity(tx, {
      workspaceId,
      actorId,
      accountId,
      type: "account_disconnected",
      details: { at: now.toISOString() },
    });
    await recordAccountEvent(tx, {
      accountId,
      type: "account.disconnected",
      status: "disconnected",
      reason: "an admin disconnected it",
      at: now,
    });
    return { accountId, status: "disconnected" as const };
  });
}
