import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "@adsconnect/db/client";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";

import {
  applyClerkOrganizationEvent,
  resolveWorkspace,
  type SessionOrganization,
} from "../src/index";
import { readWorkspaceRows } from "../src/workspace-rows";

// The race is a matter of timing: several rounds make a lost one (P2002 -> a 500) all but certain.
const ROUNDS = 5;
const AT_ONCE = 10;

let db: Db;
beforeAll(() => {
  // Enough connections for every concurrent request to reach Postgres at once.
  db = createDb(testDatabaseUrl(), { max: AT_ONCE + 2 });
});
afterAll(() => db?.$disconnect());

async function createPerson() {
  const id = `user_test_resolve_${randomUUID()}`;
  await db.user.create({ data: { id, email: `${id}@example.com`, name: "Resolver" } });
  return id;
}

const newOrganization = (): SessionOrganization => ({
  id: `org_${randomUUID()}`,
  role: "admin",
  name: "Acme Concurrent",
  slug: null,
});

/** AT_ONCE first requests of one person in one organization at the same time; they must all succeed. */
async function resolveAtOnce(userId: string, organization: SessionOrganization) {
  const results = await Promise.allSettled(
    Array.from({ length: AT_ONCE }, () => resolveWorkspace(db, { userId, organization })),
  );
  expect(results.filter((result) => result.status === "rejected")).toEqual([]);
  return new Set(
    results.map((result) => (result.status === "fulfilled" ? result.value.workspaceId : null)),
  );
}

describe("resolveWorkspace for a Clerk organization, concurrently", () => {
  it("10 concurrent first requests for a new organization all succeed, with one workspace and one membership", async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const userId = await createPerson();
      const organization = newOrganization();

      const workspaceIds = await resolveAtOnce(userId, organization);

      const workspaces = await db.workspace.findMany({
        where: { clerkOrganizationId: organization.id },
        select: { id: true, kind: true, name: true },
      });
      expect(workspaces).toEqual([
        { id: expect.any(String), kind: "organization", name: "Acme Concurrent" },
      ]);
      expect([...workspaceIds]).toEqual([workspaces[0]!.id]);
      const memberships = await db.workspaceMembership.findMany({
        where: { workspaceId: workspaces[0]!.id },
        select: { userId: true, role: true, removedAt: true },
      });
      expect(memberships).toEqual([{ userId, role: "admin", removedAt: null }]);
    }
  }, 30_000);

  it("10 concurrent first requests of a new member of a known organization all succeed, with one membership", async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const organization = newOrganization();
      const { workspaceId } = await resolveWorkspace(db, {
        userId: await createPerson(),
        organization,
      });
      const newcomer = await createPerson();

      const workspaceIds = await resolveAtOnce(newcomer, { ...organization, role: "member" });

      expect([...workspaceIds]).toEqual([workspaceId]);
      const memberships = await db.workspaceMembership.findMany({
        where: { workspaceId, userId: newcomer },
        select: { role: true, removedAt: true },
      });
      expect(memberships).toEqual([{ role: "member", removedAt: null }]);
    }
  }, 30_000);
});

/** Clerk's organizationMembership.deleted for `userId`, as the webhook delivers it. */
async function removedInClerk(organization: SessionOrganization, userId: string) {
  await applyClerkOrganizationEvent(db, {
    type: "organizationMembership.deleted",
    data: {
      role: "org:member",
      organization: { id: organization.id, name: organization.name },
      public_user_data: { user_id: userId },
    },
  });
}

describe("resolveWorkspace while Clerk removes the person", () => {
  // The request decides from rows read at its start (folded into its first statement); here the
  // removal lands between that read and the membership write, where a request in flight sits.
  it("a removal recorded after the token was issued survives a request carrying that token: refused", async () => {
    const organization = newOrganization();
    const userId = await createPerson();
    const issuedAt = new Date(Date.now() - 60_000);
    const { workspaceId } = await resolveWorkspace(db, {
      userId,
      issuedAt,
      organization: { ...organization, role: "member" },
    });
    // Made admin in Clerk: the token's role differs from the row, so the request writes.
    const selection = { userId, issuedAt, organization };
    const rows = await readWorkspaceRows(db, selection);
    await removedInClerk(organization, userId);

    await expect(resolveWorkspace(db, selection, rows)).rejects.toMatchObject({
      kind: "forbidden",
    });
    const membership = await db.workspaceMembership.findUniqueOrThrow({
      where: { workspaceId_userId: { workspaceId, userId } },
    });
    expect(membership.role).toBe("member");
    expect(membership.removedAt).not.toBeNull();
    expect(membership.removedAt!.getTime()).toBeGreaterThan(issuedAt.getTime());
  });

  it("a token issued after the removal (added again in Clerk) still brings the membership back", async () => {
    const organization = newOrganization();
    const userId = await createPerson();
    const { workspaceId } = await resolveWorkspace(db, {
      userId,
      issuedAt: new Date(Date.now() - 60_000),
      organization,
    });
    await removedInClerk(organization, userId);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const selection = { userId, issuedAt: new Date(), organization };

    await expect(
      resolveWorkspace(db, selection, await readWorkspaceRows(db, selection)),
    ).resolves.toMatchObject({ workspaceId, role: "admin" });
    expect(
      await db.workspaceMembership.findUniqueOrThrow({
        where: { workspaceId_userId: { workspaceId, userId } },
        select: { role: true, removedAt: true },
      }),
    ).toEqual({ role: "admin", removedAt: null });
  });
});
