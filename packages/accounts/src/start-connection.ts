import { createPkcePair, type AmazonRegion } from "@adsconnect/amazon";
import { AdsConnectError } from "@adsconnect/errors";
import type { Services } from "@adsconnect/services";
import { AccountNotFoundError } from "@adsconnect/tokens/errors";
import { mayReconnect, requireAdmin, type WorkspaceAccess } from "@adsconnect/workspaces";

import {
  codeVerifierContext,
  generateOAuthState,
  hashOAuthState,
  OAUTH_STATE_TTL_MS,
} from "./oauth-state";

export interface StartConnectionRequest {
  /** Who starts it: only they can complete it. */
  userId: string;
  /** The workspace the account goes into, and the caller's role there. */
  access: WorkspaceAccess;
  region: AmazonRegion;
  /**
   * Reconnect this account of the workspace (Amazon's user must then be its user). Absent: a new
   * connection, which only admins may start.
   */
  accountId?: string | undefined;
}

/**
 * Begins connecting an Amazon account: records a pending state (hashed, bound to the person and
 * the workspace, valid 10 minutes) with its PKCE verifier (encrypted), and returns Amazon's
 * consent URL for the chosen region. A new connection needs an admin; a reconnection (`accountId`)
 * an admin, or a member when the account needs it (mayReconnect). Another workspace's account is
 * not found.
 */
export async function startConnection(
  services: Pick<Services, "db" | "vault" | "amazon" | "now">,
  { userId, access, region, accountId }: StartConnectionRequest,
): Promise<{ authorizationUrl: string; expiresAt: Date }> {
  if (accountId === undefined) requireAdmin(access, "connect an Amazon account");
  else await assertMayReconnect(services, access, accountId);
  const state = generateOAuthState();
  const stateHash = hashOAuthState(state);
  const { codeVerifier, codeChallenge } = createPkcePair();
  const expiresAt = new Date(services.now().getTime() + OAUTH_STATE_TTL_MS);
  await services.db.oAuthState.create({
    data: {
      stateHash,
      userId,
      workspaceId: access.workspaceId,
      accountId: accountId ?? null,
      region,
      codeVerifierCiphertext: services.vault.encryptFor(
        codeVerifierContext(stateHash),
        codeVerifier,
      ),
      expiresAt,
    },
  });
  return {
    authorizationUrl: services.amazon.buildAuthorizationUrl({ region, state, codeChallenge }),
    expiresAt,
  };
}

async function assertMayReconnect(
  services: Pick<Services, "db">,
  access: WorkspaceAccess,
  accountId: string,
) {
  const account = await services.db.amazonAccount.findFirst({
    where: { id: accountId, workspaceId: access.workspaceId },
    select: { status: true },
  });
  if (!account) throw new AccountNotFoundError();
  if (!mayReconnect(access, account.status))
    throw new AdsConnectError(
      "forbidden",
      `Only an admin of ${access.name} can reconnect an account that is working (members may reconnect one that needs it). Ask one of its admins.`,
    );
}
