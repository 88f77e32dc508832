import type { Db } from "@adsconnect/db/client";

/** Who the sign-in provider says is calling. */
export interface SessionUser {
  userId: string;
  email: string;
  name: string | null;
}

/**
 * Makes the `users` row match the session: created on a person's first
 * request, email and name updated when the provider's copy changed. One
 * indexed read per request; a write only when something differs.
 */
export async function syncUser(db: Db, { userId, email, name }: SessionUser): Promise<void> {
  const existing = await db.user.findUnique({
    where: { id: userId },
    select: { email: true, name: true },
  });
  if (existing && existing.email === email && existing.name === name) return;
  // An upsert, not a create: two first requests at once must both succeed.
  await db.user.upsert({
    where: { id: userId },
    create: { id: userId, email, name },
    update: { email, name },
  });
}
