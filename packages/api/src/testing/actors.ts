import { randomUUID } from "node:crypto";

import type { Db } from "@adsconnect/db/client";

import type { Session } from "../context";
import { issueApiKey } from "../domain/api-keys/issue-api-key";
import { syncUser } from "../domain/users/sync-user";

/** A person in a test: their session, and an active API key of theirs. */
export interface TestActor {
  session: Session;
  userId: string;
  /** The full secret of an active key the person holds. */
  apiKey: string;
  apiKeyId: string;
}

/**
 * A fresh person with a `users` row and one active key. Ids are random, so
 * tests sharing one database never see each other's rows.
 */
export async function createActor(db: Db, label = "person"): Promise<TestActor> {
  const userId = `user_test_${randomUUID()}`;
  const session: Session = {
    userId,
    email: `${label}-${userId.slice(-8)}@example.test`,
    name: label,
  };
  await syncUser(db, session);
  const { key, apiKey } = await issueApiKey(db, { userId, name: `${label}'s app` });
  return { session, userId, apiKey: key, apiKeyId: apiKey.id };
}
