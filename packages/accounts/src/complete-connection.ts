import { randomUUID } from "node:crypto";

import { AmazonError, type AmazonRegion, type AmazonUser, type TokenSet } from "@adsconnect/amazon";
import { recordActivity } from "@adsconnect/db/activity";
import type { Services } from "@adsconnect/services";
import { encryptTokenSet } from "@adsconnect/tokens/account-tokens";
import { InvalidTokenError } from "@adsconnect/vault";
import { recordAccountEvent } from "@adsconnect/webhooks/record-account-event";
import { mayReconnect, type WorkspaceKind, type WorkspaceRole } from "@adsconnect/workspaces";
import { z } from "zod";

import { discoverProfiles, type Discovery } from "./discover-profiles";
import { CONNECTION_FAILURE_MESSAGES as messages, type ConnectionFailure } from "./messages";
import { codeVerifierContext, hashOAuthState } from "./oauth-state";
import { SAVE_TRANSACTION_OPTIONS, saveDiscovery } from "./save-discovery";

export type { ConnectionFailure };

export type ConnectionOutcome =
  | {
      kind: "connected";
      accountId: string;
      reconnected: boolean;
      profiles: number;
      advertisers: number;
      failedRegions: AmazonRegion[];
    }
  | { kind: "cancelled" }
  | { kind: "failed"; reason: ConnectionFailure; message: string; requestId: string | null };

const callbackQuery = z.object({
  state: z.string().min(1).max(512).optional(),
  code: z.string().min(1).max(2048).optional(),
  error: z.string().max(100).optional(),
  error_description: z.string().max(1000).optional(),
});

const fail = (
  reason: ConnectionFailure,
  detail?: string,
  requestId: string | null = null,
): ConnectionOutcome => ({
  kind: "failed",
  reason,
  message: detail ? `${messages[reason]} ${detail}` : messages[reason],
  requestId,
});

/**
 * Finishes a connection when Amazon redirects back, into the workspace the state names. The
 * state must be this person's, unexpired and unused; it is consumed atomically so a replay
 * fails. The person must still be an active member there, an admin for a new connection (or
 * allowed to reconnect the state's account: mayReconnect), else `not_allowed`. Nothing about an
 * account is stored unless Amazon accepts the code and names its user; a reconnection of an
 * account (the state's accountId) also needs Amazon's user to be that account's, else
 * `wrong_amazon_user` and nothing changes. Connecting an Amazon user the workspace already has
 * reconnects that account, unless it was disconnected since the connection started
 * (`account_changed`, as for a reconnection).
 */
export async function completeConnection(
  services: ConnectionServices,
  { userId, query }: { userId: string; query: Record<string, string | undefined> },
): Promise<ConnectionOutcome> {
  const parsed = callbackQuery.safeParse(query);
  if (!parsed.success || !parsed.data.state) return fail("missing_state");
  const { state, code, error, error_description } = parsed.data;
  const stateHash = hashOAuthState(state);
  const now = services.now();

  const pending = await services.db.oAuthState.findUnique({ where: { stateHash } });
  // Another person's state answers like an unknown one, and is left untouched for its owner.
  if (!pending || pending.userId !== userId) return fail("unknown_state");
  if (pending.consumedAt) return fail("used_state");
  if (pending.expiresAt <= now) return fail("expired_state");
  const consumed = await services.db.oAuthState.updateMany({
    where: { stateHash, userId, consumedAt: null, expiresAt: { gt: now } },
    data: { consumedAt: now },
  });
  if (consumed.count !== 1) return fail("used_state");

  if (error === "access_denied") return { kind: "cancelled" };
  if (error) return fail("amazon_error", describeAmazonError(error, error_description));
  if (!code) return fail("missing_state", "Amazon sent no authorization code.");
  const target = await recheckStarter(services, pending);
  if (target === "not_allowed") return fail("not_allowed");

  let codeVerifier: string;
  try {
    codeVerifier = services.vault.decryptFor(
      codeVerifierContext(stateHash),
      pending.codeVerifierCiphertext,
    );
  } catch (cause) {
    if (cause instanceof InvalidTokenError) return fail("unknown_state");
    throw cause;
  }

  const region = pending.region;
  try {
    const tokens = await services.amazon.exchangeCode({ region, code, codeVerifier });
    if (!tokens.refreshToken) return fail("amazon_error", "Amazon returned no refresh token.");
    const amazonUser = await services.amazon.getUser({ accessToken: tokens.accessToken });
    if (target && target.amazonUserId !== amazonUser.userId) {
      services.logger.warn(
        { accountId: target.id },
        "reconnection refused: Amazon's user is not the account's",
      );
      return fail("wrong_amazon_user");
    }
    const discoveryStarted = performance.now();
    const discovery = await discoverProfiles(services, tokens.accessToken);
    const saveStarted = performance.now();

    // The code is spent from here on: a failure to save must say so and leave nothing behind.
    // The account row, its tokens, its discovery and the audit event commit together or not at
    // all (a reconnect that fails leaves the previous data exactly as it was).
    const saved = await saveConnection(services, {
      userId,
      workspaceId: pending.workspaceId,
      startedAt: pending.createdAt,
      reconnect: target ? { accountId: target.id } : null,
      region,
      now,
      amazonUser,
      tokens,
      discovery,
    });
    if (!saved) return fail("save_failed");
    if (saved.kind === "refused") return fail(saved.reason);
    services.logger.info(
      {
        accountId: saved.accountId,
        reconnected: saved.reconnected,
        profiles: saved.profiles,
        advertisers: saved.advertisers,
        discoveryMs: Math.round(saveStarted - discoveryStarted),
        saveMs: Math.round(performance.now() - saveStarted),
      },
      "amazon account connected",
    );
    const { kind: _saved, ...connected } = saved;
    return { kind: "connected", ...connected };
  } catch (cause) {
    if (!(cause instanceof AmazonError)) throw cause;
    services.logger.warn(
      { kind: cause.amazonKind, status: cause.status, requestId: cause.requestId },
      "amazon connection failed",
    );
    const requestNote = cause.requestId ? `(Amazon request id ${cause.requestId})` : undefined;
    const reason: ConnectionFailure =
      cause.amazonKind === "invalid_grant"
        ? "code_rejected"
        : cause.amazonKind === "invalid_client"
          ? "misconfigured"
          : cause.retryable
            ? "amazon_unavailable"
            : "amazon_error";
    return fail(reason, requestNote, cause.requestId);
  }
}

type ConnectionServices = Pick<Services, "db" | "vault" | "amazon" | "logger" | "now">;

/**
 * Re-checks the starter's membership at the callback (they may have been removed or demoted
 * since the start): null for a new connection they may still make, the account for a
 * reconnection they may still make, else "not_allowed".
 */
async function recheckStarter(
  services: Pick<Services, "db">,
  pending: { userId: string; workspaceId: string; accountId: string | null },
): Promise<{ id: string; amazonUserId: string } | null | "not_allowed"> {
  const membership = await services.db.workspaceMembership.findFirst({
    where: { workspaceId: pending.workspaceId, userId: pending.userId, removedAt: null },
    select: { role: true, workspace: { select: { id: true, kind: true, name: true } } },
  });
  if (!membership) return "not_allowed";
  if (!pending.accountId) return membership.role === "admin" ? null : "not_allowed";
  const account = await services.db.amazonAccount.findFirst({
    where: { id: pending.accountId, workspaceId: pending.workspaceId },
    select: { id: true, amazonUserId: true, status: true },
  });
  const access = {
    ...membership.workspace,
    workspaceId: membership.workspace.id,
    role: membership.role,
  };
  if (!account || !mayReconnect(access, account.status)) return "not_allowed";
  return { id: account.id, amazonUserId: account.amazonUserId };
}

/** Why the save's own re-check refused: the transaction is rolled back and nothing changes. */
class SaveRefused extends Error {
  constructor(readonly reason: ConnectionFailure) {
    super(reason);
  }
}

/**
 * One transaction; undefined (after logging why, without secrets) when it did not commit,
 * `refused` when the re-check inside it refused. The callback's first check (recheckStarter)
 * ran seconds earlier, before Amazon's calls: whatever changed since (the starter removed or
 * demoted, the account disconnected or deleted by an admin) is judged again here, under locks
 * that hold until the commit.
 */
async function saveConnection(
  services: ConnectionServices,
  {
    userId,
    workspaceId,
    startedAt,
    reconnect,
    region,
    now,
    amazonUser,
    tokens,
    discovery,
  }: {
    userId: string;
    workspaceId: string;
    /** When the connection started (the state's createdAt). */
    startedAt: Date;
    /** The state's account; null for a new connection. */
    reconnect: { accountId: string } | null;
    region: AmazonRegion;
    now: Date;
    amazonUser: AmazonUser;
    tokens: TokenSet;
    discovery: Discovery;
  },
) {
  try {
    return await services.db.$transaction(async (tx) => {
      const claimed = reconnect
        ? await claimReconnectedAccount(tx, {
            userId,
            workspaceId,
            reconnect,
            startedAt,
            amazonUser,
          })
        : await claimNewAccount(tx, { userId, workspaceId, startedAt, region, now, amazonUser });
      const accountId = claimed.id;
      await tx.amazonAccount.update({
        where: { id: accountId },
        data: {
          connectedById: userId,
          amazonName: amazonUser.name,
          amazonEmail: amazonUser.email,
          consentRegion: region,
          status: "active",
          disconnectedAt: null,
          ...encryptTokenSet(services.vault, accountId, tokens),
          consentedAt: now,
          lastRefreshedAt: now,
          consecutiveFailures: 0,
          lastErrorCode: null,
          lastErrorMessage: null,
          lastErrorAt: null,
          scopes: tokens.scopes,
        },
      });
      const summary = await saveDiscovery(tx, accountId, discovery, now);
      await recordActivity(tx, {
        workspaceId,
        actorId: userId,
        accountId,
        type: claimed.inserted ? "account_connected" : "account_reconnected",
        details: {
          consentRegion: region,
          profiles: summary.profiles,
          advertisers: summary.advertisers,
          failedRegions: summary.failedRegions,
        },
      });
      await recordAccountEvent(tx, {
        accountId,
        type: claimed.inserted ? "account.connected" : "account.reconnected",
        status: "active",
        reason: claimed.inserted ? "a person connected it" : "a person connected it again",
        at: now,
      });
      return { kind: "saved" as const, ...summary, accountId, reconnected: !claimed.inserted };
    }, SAVE_TRANSACTION_OPTIONS);
  } catch (cause) {
    if (cause instanceof SaveRefused) {
      services.logger.warn({ reason: cause.reason }, "connection refused by the save's re-check");
      return { kind: "refused" as const, reason: cause.reason };
    }
    services.logger.error(
      {
        err: describeSaveError(cause),
        amazonUserId: amazonUser.userId,
        profiles: discovery.profiles.length,
      },
      "saving a connection failed after the code exchange; nothing was saved",
    );
    return undefined;
  }
}

type Tx = Parameters<Parameters<ConnectionServices["db"]["$transaction"]>[0]>[0];

/**
 * The starter's active membership, locked (FOR SHARE) so a removal or a role change waits for
 * this transaction; refused (not_allowed) when there is none.
 */
async function lockedMembership(tx: Tx, workspaceId: string, userId: string) {
  const [membership] = await tx.$queryRaw<
    { role: WorkspaceRole; kind: WorkspaceKind; name: string }[]
  >`
    SELECT m.role::text AS role, w.kind::text AS kind, w.name
    FROM workspace_memberships m JOIN workspaces w ON w.id = m.workspace_id
    WHERE m.workspace_id = ${workspaceId}::uuid AND m.user_id = ${userId} AND m.removed_at IS NULL
    FOR SHARE OF m`;
  if (!membership) throw new SaveRefused("not_allowed");
  return { ...membership, workspaceId };
}

/**
 * A new connection: the starter must still be an admin. Then the (workspace, Amazon user) row is
 * claimed atomically: two callbacks for the same Amazon user racing both end on one row and one
 * id, which the ciphertexts are bound to. `inserted` tells a new account apart. An existing row
 * is judged as a reconnection's is: one disconnected since the connection started is refused.
 */
async function claimNewAccount(
  tx: Tx,
  {
    userId,
    workspaceId,
    startedAt,
    region,
    now,
    amazonUser,
  }: {
    userId: string;
    workspaceId: string;
    startedAt: Date;
    region: AmazonRegion;
    now: Date;
    amazonUser: AmazonUser;
  },
) {
  const membership = await lockedMembership(tx, workspaceId, userId);
  if (membership.role !== "admin") throw new SaveRefused("not_allowed");
  // DO UPDATE locks the existing row until the commit (a disconnect waits for it) and RETURNING
  // reads its latest committed version, so disconnected_at is judged as it is now.
  const [claimed] = await tx.$queryRaw<
    { id: string; inserted: boolean; disconnected_at: Date | null }[]
  >`
    INSERT INTO amazon_accounts (id, workspace_id, connected_by_id, amazon_user_id, consent_region, consented_at, updated_at)
    VALUES (${randomUUID()}::uuid, ${workspaceId}::uuid, ${userId}, ${amazonUser.userId}, ${region}::"AmazonRegion", ${now}, ${now})
    ON CONFLICT (workspace_id, amazon_user_id)
      DO UPDATE SET updated_at = EXCLUDED.updated_at
    RETURNING id::text AS id, (xmax = 0) AS inserted, disconnected_at`;
  if (!claimed) throw new Error("claiming the account row returned nothing");
  // Signing in to Amazon as an account's user connects that account again; one an admin
  // disconnected while this admin was at Amazon stays disconnected, as for a reconnection.
  if (!claimed.inserted && claimed.disconnected_at && claimed.disconnected_at >= startedAt) {
    throw new SaveRefused("account_changed");
  }
  return { id: claimed.id, inserted: claimed.inserted };
}

/**
 * A reconnection of the state's account: its row is locked (FOR UPDATE) and judged as it is now.
 * Refused, so nothing changes, when it is gone (never inserted anew), was disconnected since the
 * connection started, is no longer Amazon's user's, or the starter may no longer reconnect it.
 */
async function claimReconnectedAccount(
  tx: Tx,
  {
    userId,
    workspaceId,
    reconnect,
    startedAt,
    amazonUser,
  }: {
    userId: string;
    workspaceId: string;
    reconnect: { accountId: string };
    startedAt: Date;
    amazonUser: AmazonUser;
  },
) {
  const [account] = await tx.$queryRaw<
    { status: string; amazon_user_id: string; disconnected_at: Date | null }[]
  >`
    SELECT status::text AS status, amazon_user_id, disconnected_at FROM amazon_accounts
    WHERE id = ${reconnect.accountId}::uuid AND workspace_id = ${workspaceId}::uuid
    FOR UPDATE`;
  if (!account) throw new SaveRefused("account_changed");
  // An admin may reconnect an account that was already disconnected when they started; one
  // disconnected while they were at Amazon stays as the admin who disconnected it left it.
  if (account.disconnected_at && account.disconnected_at >= startedAt) {
    throw new SaveRefused("account_changed");
  }
  if (account.amazon_user_id !== amazonUser.userId) throw new SaveRefused("wrong_amazon_user");
  const membership = await lockedMembership(tx, workspaceId, userId);
  if (!mayReconnect(membership, account.status)) throw new SaveRefused("not_allowed");
  return { id: reconnect.accountId, inserted: false };
}

/** The database's error without anything that could carry a value (Prisma messages can quote parameters). */
function describeSaveError(cause: unknown) {
  if (!(cause instanceof Error)) return { type: typeof cause };
  const code = (cause as { code?: unknown }).code;
  return { type: cause.name, ...(typeof code === "string" ? { code } : {}) };
}

/** Amazon's error code is shown as a readable hint, never echoed as markup (the page escapes it anyway). */
function describeAmazonError(error: string, description: string | undefined): string {
  const code = error.replace(/[^a-z_]/gi, "").slice(0, 40);
  const text = (description ?? "").replace(/[^\w .,:'()-]/g, "").slice(0, 200);
  return text ? `Amazon said: ${code} — ${text}` : `Amazon said: ${code}`;
}
