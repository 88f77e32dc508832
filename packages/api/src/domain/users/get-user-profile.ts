import type { Db } from "@adsconnect/db/client";

export interface UserProfile {
  id: string;
  email: string;
  name: string | null;
  createdAt: Date;
}

/** The person's own record, or null when there is none. */
export async function getUserProfile(db: Db, userId: string): Promise<UserProfile | null> {
  return db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, createdAt: true },
  });
}
