// Who was erased, and the lock that serialises an erasure with whatever would bring the person's
// rows back. It lives here, at the bottom of the graph, because both sides sit on different levels:
// @adsconnect/accounts erases (erasePerson) and @adsconnect/api creates the `users` row (syncUser),
// while @adsconnect/workspaces keeps memberships from Clerk's webhooks and cannot depend on accounts.
import { createHash } from "node:crypto";

import type { Db } from "./client";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * The erasure line's stand-in for a user id: sha256 of it under this product's label. It
 * names nobody by itself; given a user id it answers "was this person erased, and when?",
 * which is what refusing a session issued before the erasure needs.
 */
export function hashUserId(userId: string): string {
  return createHash("sha256").update(`adsconnect:person:${userId}`).digest("hex");
}

/**
 * Serialises erasing a person with creating their `users` row (syncUser) or a membership
 * (Clerk's organizationMembership.created): a request or a delivery that was already under way
 * when the erasure ran cannot bring the rows back behind it.
 */
export async function lockPerson(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`person:${userId}`}, 0))`;
}

/**
 * Whether the person was erased at or after `issuedAt` (a session token's `iat`): such a
 * session belongs to someone whose data is gone, and is treated as signed out. Without
 * `issuedAt`, any erasure counts. A person who signs in again after the erasure gets a new
 * session, issued later, and starts afresh with an empty dashboard.
 */
export async function erasedSince(
  db: Pick<Db, "personErasure">,
  userId: string,
  issuedAt: Date | null | undefined,
): Promise<boolean> {
  const erasure = await db.personErasure.findFirst({
    where: {
      userIdHash: hashUserId(userId),
      ...(issuedAt ? { erasedAt: { gte: issuedAt } } : {}),
    },
    select: { id: true },
  });
  return erasure !== null;
}
