import { randomUUID } from "node:crypto";

import type { Db } from "@adsconnect/db/client";
import type { WorkspaceRole } from "@adsconnect/workspaces";

import { issueApiKey, type ApiKeyScopeRequest } from "../domain/api-keys/issue-api-key";

/**
 * Shared workspaces for tests (the isolation matrix, e2e): made directly in the database, as
 * local sign-in's workspace pages or Clerk's organization tokens would leave them. A person acts
 * in one on the dashboard by passing its id as the context's `selectedWorkspaceId` (test/support's
 * `callerFor(db, { session, workspaceId })`, or `sessionHeaders(session, workspaceId)` over HTTP).
 */
export interface TestWorkspace {
  workspaceId: string;
  name: string;
}

/** Someone in a test: a TestActor, or anyone with a `users` row. */
interface Person {
  userId: string;
}

/**
 * A shared workspace (kind local) with `admins` and `members` (each needs a `users` row: a
 * TestActor has one). The name is unique per call unless given.
 */
export async function createTestWorkspace(
  db: Db,
  {
    name = `Acme ${randomUUID().slice(0, 8)}`,
    admins = [],
    members = [],
  }: { name?: string; admins?: readonly Person[]; members?: readonly Person[] } = {},
): Promise<TestWorkspace> {
  const workspace = await db.workspace.create({
    data: {
      kind: "local",
      name,
      memberships: {
        create: [
          ...admins.map(({ userId }) => ({ userId, role: "admin" as const })),
          ...members.map(({ userId }) => ({ userId, role: "member" as const })),
        ],
      },
    },
    select: { id: true, name: true },
  });
  return { workspaceId: workspace.id, name: workspace.name };
}

/** Adds `person` to the workspace with `role` (again, when they were removed). */
export async function addTestMember(
  db: Db,
  workspace: TestWorkspace,
  person: Person,
  role: WorkspaceRole = "member",
): Promise<void> {
  await db.workspaceMembership.upsert({
    where: { workspaceId_userId: { workspaceId: workspace.workspaceId, userId: person.userId } },
    create: { workspaceId: workspace.workspaceId, userId: person.userId, role },
    update: { role, removedAt: null },
  });
}

/** Removes `person` as the product does: the row stays with `removedAt` set. */
export async function removeTestMember(
  db: Db,
  workspace: TestWorkspace,
  person: Person,
  at: Date = new Date(),
): Promise<void> {
  await db.workspaceMembership.update({
    where: { workspaceId_userId: { workspaceId: workspace.workspaceId, userId: person.userId } },
    data: { removedAt: at },
  });
}

/**
 * An API key of the workspace created by `creator` (scoped as asked; `boundToCreator` default
 * false). Returns the secret and the key's id.
 */
export async function createTestWorkspaceKey(
  db: Db,
  workspace: TestWorkspace,
  creator: Person,
  scope: ApiKeyScopeRequest & { name?: string } = {},
): Promise<{ key: string; apiKeyId: string }> {
  const { key, apiKey } = await issueApiKey(db, {
    workspaceId: workspace.workspaceId,
    createdById: creator.userId,
    name: scope.name ?? "shared app",
    ...scope,
  });
  return { key, apiKeyId: apiKey.id };
}
