import { randomUUID } from "node:crypto";

import { localUserIdForEmail } from "@adsconnect/auth";
import { createDb, type Db } from "@adsconnect/db/client";
import { hashUserId } from "@adsconnect/db/person-erasure";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";

import { createLocalWorkspace, type WorkspaceAccess } from "../../src";

/** A client over this run's migrated database (vitest.config.ts). */
export function openDb(): Db {
  return createDb(testDatabaseUrl(), { max: 3 });
}

export interface Person {
  userId: string;
  email: string;
  name: string;
}

/** Someone who signed in locally (their `users` row), with an email no other test uses. */
export async function signedIn(db: Db, label: string): Promise<Person> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const userId = localUserIdForEmail(email);
  const name = label.charAt(0).toUpperCase() + label.slice(1);
  await db.user.create({ data: { id: userId, email, name } });
  return { userId, email, name };
}

/** A local workspace `admin` made, and their access to it. */
export async function localWorkspace(
  db: Db,
  admin: Person,
  name = "Acme agency",
): Promise<WorkspaceAccess> {
  const made = await createLocalWorkspace(db, { creatorId: admin.userId, name });
  return { ...made };
}

/** The workspace's activity lines of member changes, oldest first. */
export async function workspaceEvents(db: Db, workspaceId: string) {
  return await db.auditEvent.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: { type: true, actorId: true, details: true },
  });
}

/**
 * What erasing the person leaves here (erasePerson lives in @adsconnect/accounts, above this
 * package): no `users` row or membership, and the `person_erasures` line at `erasedAt`.
 */
export async function erased(db: Db, userId: string, erasedAt = new Date()) {
  await db.$transaction([
    db.workspaceMembership.deleteMany({ where: { userId } }),
    db.user.deleteMany({ where: { id: userId } }),
    db.personErasure.create({
      data: { userIdHash: hashUserId(userId), source: "clerk_webhook", erasedAt },
    }),
  ]);
}
