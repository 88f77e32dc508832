import { randomUUID } from "node:crypto";

import type { Db } from "@adsconnect/db/client";

const REGIONS = ["NA", "EU", "FE"] as const;
const MARKETS = {
  NA: [
    ["US", "USD", "America/Los_Angeles", "ATVPDKIKX0DER"],
    ["CA", "CAD", "America/Los_Angeles", "A2EUQ1WTGCTBG2"],
  ],
  EU: [
    ["UK", "GBP", "Europe/London", "A1F83G8C2ARO7P"],
    ["DE", "EUR", "Europe/Paris", "A1PA6795UKMFR9"],
  ],
  FE: [
    ["JP", "JPY", "Asia/Tokyo", "A1VC38T7YXB528"],
    ["AU", "AUD", "Australia/Sydney", "A39IBJ37TRP1C6"],
  ],
} as const;

/**
 * `count` accounts connected by `userId` into their personal workspace (made by their first
 * request), as the connect flow and the worker leave them: one to four profiles in one to three regions, tokens expiring within
 * the hour, and a few accounts failing, needing reauthorization or
 * disconnected. Deterministic (no randomness), so runs compare.
 */
export async function seedAccounts(db: Db, userId: string, count: number) {
  const { id: workspaceId } = await db.workspace.findUniqueOrThrow({
    where: { personalOwnerId: userId },
    select: { id: true },
  });
  const now = Date.now();
  let profileId = 4_500_000_000_000_000_000n;
  for (let start = 0; start < count; start += 50) {
    const batch = Array.from(
      { length: Math.min(50, count - start) },
      (_, offset) => start + offset,
    );
    await db.$transaction(
      batch.map((i) => {
        const status =
          i % 41 === 7
            ? "reauth_required"
            : i % 29 === 3
              ? "refresh_failing"
              : i % 53 === 11
                ? "disconnected"
                : "active";
        const regions = REGIONS.slice(0, 1 + (i % 3));
        const profiles = regions.flatMap((region, r) =>
          MARKETS[region]
            .slice(0, 1 + ((i + r) % 2))
            .map(([countryCode, currencyCode, timezone, marketplaceStringId]) => ({
              profileId: profileId++,
              region,
              countryCode,
              currencyCode,
              timezone,
              marketplaceStringId,
              accountInfoType: (i % 5 === 0 ? "vendor" : "seller") as "vendor" | "seller",
              accountInfoName: `Bench Store ${i + 1} ${countryCode}`,
              accountInfoId: `A${i}${countryCode}`,
              lastSyncedAt: new Date(now - 3_600_000),
            })),
        );
        return db.amazonAccount.create({
          data: {
            id: randomUUID(),
            workspaceId,
            connectedById: userId,
            amazonUserId: `amzn1.account.BENCHDASHBOARD${String(i).padStart(6, "0")}`,
            amazonName: `Bench Advertiser ${i + 1}`,
            amazonEmail: `advertiser${i + 1}@bench.example`,
            consentRegion: regions[0]!,
            status,
            accessTokenExpiresAt:
              status === "active" || status === "refresh_failing"
                ? new Date(now + ((i * 97) % 3600) * 1000)
                : null,
            lastRefreshedAt: new Date(now - ((i * 31) % 3300) * 1000),
            consentedAt: new Date(now - ((i * 7) % 360) * 86_400_000),
            profiles: { create: profiles },
          },
        });
      }),
    );
  }
}
