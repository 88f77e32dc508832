import { recordActivity } from "@adsconnect/db/activity";
import { Prisma, type Db } from "@adsconnect/db/client";
import { AdsConnectError } from "@adsconnect/errors";

import { apiKeySummarySelect, type ApiKeySummary } from "./api-key-summary";
import { generateApiKey } from "./key-format";
import { DEFAULT_API_KEY_PERMISSIONS, type ApiKeyPermission } from "./scopes";

/** How many unrevoked keys one workspace may hold; enough for every internal app, small enough to audit. */
export const MAX_ACTIVE_API_KEYS = 25;

/** A prefix is 8 random base62 characters; a clash is a once-in-millions event, so a few tries settle it. */
const PREFIX_CLASH_TRIES = 3;

/** What a new key may do; every field optional. */
export interface ApiKeyScopeRequest {
  /** Default: DEFAULT_API_KEY_PERMISSIONS (all but webhooks:manage, which must be asked for). */
  permissions?: readonly ApiKeyPermission[] | undefined;
  /** Only these of the workspace's accounts (at least one); default null: all of them. */
  accountIds?: readonly string[] | null | undefined;
  /** When it stops working (must be in the future); default null: never. */
  expiresAt?: Date | null | undefined;
  /**
   * True: the key stops working the moment its creator is no longer an active member of the
   * workspace (removed, or erased). Default false: it belongs to the workspace and outlives them.
   */
  boundToCreator?: boolean | undefined;
}

/** Who issues a key, and where. */
export interface ApiKeyIssuer {
  workspaceId: string;
  /** The person creating it (an admin of the workspace: the caller checks). */
  createdById: string;
  name: string;
}

export interface IssuedApiKey {
  /** The full secret. Returned here once; only its hash is stored. */
  key: string;
  apiKey: ApiKeySummary;
}

/**
 * Creates a key for `workspaceId` and records `api_key_created` by its creator. The workspace's
 * row is locked for the count-then-insert, so two requests at once cannot both
 * pass the limit. Throws an AdsConnectError("limit_reached") past MAX_ACTIVE_API_KEYS.
 */
export async function issueApiKey(
  db: Db,
  input: ApiKeyIssuer & ApiKeyScopeRequest,
): Promise<IssuedApiKey> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await issueOnce(db, input);
    } catch (error) {
      const prefixClash =
        error instanceof Prisma.PrismaClientKnownRequestError &&
        error.code === "P2002" &&
        attempt < PREFIX_CLASH_TRIES;
      if (!prefixClash) throw error;
    }
  }
}

async function issueOnce(
  db: Db,
  {
    workspaceId,
    createdById,
    name,
    permissions = DEFAULT_API_KEY_PERMISSIONS,
    accountIds = null,
    expiresAt = null,
    boundToCreator = false,
  }: ApiKeyIssuer & ApiKeyScopeRequest,
): Promise<IssuedApiKey> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM workspaces WHERE id = ${workspaceId}::uuid FOR UPDATE`;
    const active = await tx.apiKey.count({ where: { workspaceId, revokedAt: null } });
    if (active >= MAX_ACTIVE_API_KEYS) {
      throw new AdsConnectError(
        "limit_reached",
        `This workspace already has ${MAX_ACTIVE_API_KEYS} active API keys, the most allowed. Revoke one you no longer use, then create a new one.`,
      );
    }
    const accounts = accountIds ? [...new Set(accountIds.map((id) => id.toLowerCase()))] : [];
    if (accounts.length > 0) {
      const owned = await tx.amazonAccount.findMany({
        where: { workspaceId, id: { in: accounts } },
        select: { id: true },
      });
      const missing = accounts.filter((id) => !owned.some((account) => account.id === id));
      if (missing.length > 0)
        throw new AdsConnectError(
          "not_found",
          `This workspace has no Amazon account with id ${missing.join(", ")}; choose among its accounts (accounts.list).`,
        );
    }
    const { key, prefix, keyHash } = generateApiKey();
    const apiKey = await tx.apiKey.create({
      data: {
        workspaceId,
        createdById,
        boundToCreator,
        name,
        prefix,
        keyHash,
        permissions: [...new Set(permissions)],
        accountIds: accounts,
        expiresAt,
      },
      select: apiKeySummarySelect,
    });
    await recordActivity(tx, {
      workspaceId,
      actorId: createdById,
      type: "api_key_created",
      details: { apiKeyId: apiKey.id, prefix, name },
    });
    return { key, apiKey };
  });
}
