import { randomUUID } from "node:crypto";

import type { Db } from "@adsconnect/db/client";
import { encryptTokenSet } from "@adsconnect/tokens/account-tokens";
import type { TokenVault } from "@adsconnect/vault";

export interface TestAccountOptions {
  /** Default "active". */
  status?: "active" | "refresh_failing" | "reauth_required" | "disconnected";
  /** Default "NA". */
  consentRegion?: "NA" | "EU" | "FE";
  /** Default "Sam Seller". */
  amazonName?: string;
  /** Seconds until the stored access token expires; null stores no tokens at all. Default 1800. */
  expiresInSeconds?: number | null;
  /** Give it one NA seller profile. Default false. */
  withProfile?: boolean;
}

/**
 * An Amazon account connected by `owner.userId` into `owner.workspaceId` (a TestActor's
 * personal workspace, or a shared one: `{ userId, workspaceId }`), stored as the connect flow
 * would (tokens through the vault's row binding). Its access token is `Atza|<account id>`.
 */
export async function createTestAccount(
  db: Db,
  vault: TokenVault,
  owner: { userId: string; workspaceId: string },
  {
    status = "active",
    consentRegion = "NA",
    amazonName = "Sam Seller",
    expiresInSeconds = 1800,
    withProfile = false,
  }: TestAccountOptions = {},
): Promise<string> {
  const id = randomUUID();
  const tokens =
    expiresInSeconds === null
      ? {}
      : encryptTokenSet(vault, id, {
          accessToken: `Atza|${id}`,
          refreshToken: `Atzr|${id}`,
          expiresAt: new Date(Date.now() + expiresInSeconds * 1000),
        });
  await db.amazonAccount.create({
    data: {
      id,
      workspaceId: owner.workspaceId,
      connectedById: owner.userId,
      amazonUserId: `amzn1.account.${id}`,
      amazonName,
      consentRegion,
      status,
      ...tokens,
      consentedAt: new Date(),
      ...(withProfile
        ? {
            profiles: {
              create: {
                profileId: 4400000000000000999n,
                region: "NA",
                countryCode: "US",
                currencyCode: "USD",
                timezone: "America/Los_Angeles",
                marketplaceStringId: "ATVPDKIKX0DER",
                accountInfoType: "seller",
                accountInfoId: "A-SELLER",
                lastSyncedAt: new Date(),
              },
            },
          }
        : {}),
    },
  });
  return id;
}
