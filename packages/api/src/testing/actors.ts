import { randomUUID } from "node:crypto";

import type { Db } from "@adsconnect/db/client";
import { ensurePersonalWorkspace } from "@adsconnect/workspaces";

import type { Session } from "../context";
import { issueApiKey } from "../domain/api-keys/issue-api-key";
import { syncUser } from "../domain/users/sync-user";

/** A person in a test: their session, their personal workspace, and an active API key of it. */
export interface TestActor {
  session: Session;
  userId: string;
  /** Their personal workspace (they are its admin): where their dashboard calls act by default. */
  workspaceId: string;
  /** The full secret of an active key of their personal workspace, which they created. */
  apiKey: string;
  apiKeyId: string;
}

/**
 * A fresh person with a `users` row, their personal workspace and one active key of it (not
 * bound to them). Ids are random, so tests sharing one database never see each other's rows.
 * To put them in a shared workspace, see ./workspaces.ts.
 */
export async function createActor(db: Db, label = "person"): Promise<TestActor> {
  const userId = `user_test_${randomUUID()}`;
  const session: Session = {
    userId,
    email: `${label}-${userId.slice(-8)}@example.test`,
    name: label,
  };
  await syncUser(db, session);
  const { workspaceId } = await ensurePersonalWorkspace(db, userId);
  const { key, apiKey } = await issueApiKey(db, {
    workspaceId,
    createdById: userId,
    name: `${label}'s app`,
  });
  return { session, userId, workspaceId, apiKey: key, apiKeyId: apiKey.id };
}
