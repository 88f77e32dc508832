import { erasedSince, lockPerson } from "@adsconnect/accounts";
import type { Db } from "@adsconnect/db/client";
import { AdsConnectError } from "@adsconnect/errors";

import { ERASED_SESSION_MESSAGE } from "../../messages";

/** Who the sign-in provider says is calling. */
export interface SessionUser {
  userId: string;
  email: string;
  name: string | null;
  /**
   * When the session's token was issued (its `iat`): a session issued before the person's
   * data was erased is refused rather than allowed to bring the person back. Unknown: any
   * erasure of the person refuses it.
   */
  issuedAt?: Date | null;
  /** When the person signed in (SessionIdentity's `signedInAt`); the erasure check uses it first. */
  signedInAt?: Date | null;
}

/**
 * Makes the `users` row match the session: created on a person's first
 * request, email and name updated when the provider's copy changed. One
 * indexed read per request (none when `known` is the row as read earlier in the request:
 * readSessionStanding's `user`, null when there was none); a write only when something differs.
 *
 * Creating the row is refused (UNAUTHORIZED, ERASED_SESSION_MESSAGE) for a session issued
 * before the person was erased (`erasePerson` in @adsconnect/accounts), under the same
 * per-person lock the erasure takes: a deleted person's old session, or a request already
 * under way when they were deleted, never recreates them silently.
 */
export async function syncUser(
  db: Db,
  { userId, email, name, issuedAt, signedInAt }: SessionUser,
  known?: { email: string; name: string | null } | null,
): Promise<void> {
  const existing =
    known !== undefined
      ? known
      : await db.user.findUnique({ where: { id: userId }, select: { email: true, name: true } });
  if (existing && existing.email === email && existing.name === name) return;
  if (existing) {
    await db.user.updateMany({ where: { id: userId }, data: { email, name } });
    return;
  }
  await db.$transaction(async (tx) => {
    await lockPerson(tx, userId);
    if (await erasedSince(tx, userId, signedInAt ?? issuedAt)) {
      throw new AdsConnectError("unauthorized", ERASED_SESSION_MESSAGE);
    }
    // An upsert, not a create: two first requests at once must both succeed.
    await tx.user.upsert({
      where: { id: userId },
      create: { id: userId, email, name },
      update: { email, name },
    });
  });
}
