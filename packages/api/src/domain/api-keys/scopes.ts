import { AdsConnectError } from "@adsconnect/errors";
import { AccountNotFoundError } from "@adsconnect/tokens/errors";

/**
 * What an API key may do. Every machine procedure and the Ads API proxy name
 * the one they need; a key has the ones chosen at its creation (keys made
 * before scopes existed have all three).
 */
export const API_KEY_PERMISSIONS = [
  "accounts:read",
  "tokens:read",
  "ads:proxy",
  "webhooks:manage",
] as const;

export type ApiKeyPermission = (typeof API_KEY_PERMISSIONS)[number];

/** What a key gets when its creator names no permissions: managing webhooks must be asked for. */
export const DEFAULT_API_KEY_PERMISSIONS: readonly ApiKeyPermission[] = [
  "accounts:read",
  "tokens:read",
  "ads:proxy",
];

/** What each permission allows, in the words the refusals and the dashboard use. */
export const PERMISSION_DESCRIPTIONS: Record<ApiKeyPermission, string> = {
  "accounts:read": "read accounts (accounts.list, accounts.get, accounts.advertisers)",
  "tokens:read": "get access tokens (tokens.getAccessToken)",
  "ads:proxy": "call the Amazon Ads API through the proxy",
  "webhooks:manage": "manage the workspace's webhook endpoints (webhooks.*)",
};

export function isApiKeyPermission(value: string): value is ApiKeyPermission {
  return (API_KEY_PERMISSIONS as readonly string[]).includes(value);
}

/** What a key's scope is made of, as authenticateApiKey reads it. */
export interface ApiKeyScope {
  /** What the key may do. */
  permissions: readonly ApiKeyPermission[];
  /** The owner's accounts it may reach; null: every one of them. */
  accountIds: readonly string[] | null;
}

/** The refusal of a key that lacks `permission`. */
export class MissingPermissionError extends AdsConnectError {
  override readonly name = "MissingPermissionError";
  constructor(readonly permission: ApiKeyPermission) {
    super(
      "forbidden",
      `This API key does not have the "${permission}" permission (${PERMISSION_DESCRIPTIONS[permission]}). Create a key that has it on the API keys page.`,
      { details: { permission } },
    );
  }
}

/**
 * May this key do `permission` (on `accountId`, when given)? Throws when not:
 * - a missing permission is MissingPermissionError (FORBIDDEN, naming it);
 * - an account outside the key's account list is AccountNotFoundError: the
 *   same NOT_FOUND as an account that does not exist or is another person's,
 *   so a restricted key learns nothing about the accounts it may not reach.
 *
 * Ownership is not checked here: every read is scoped by the key's owner too.
 * Every machine procedure goes through this (src/trpc.ts's builders), and so
 * should the Ads API proxy, with "ads:proxy".
 */
export function authorizeKey(
  key: ApiKeyScope,
  { permission, accountId }: { permission: ApiKeyPermission; accountId?: string | undefined },
): void {
  if (!key.permissions.includes(permission)) throw new MissingPermissionError(permission);
  if (
    accountId !== undefined &&
    key.accountIds !== null &&
    !key.accountIds.includes(accountId.toLowerCase())
  )
    throw new AccountNotFoundError();
}
