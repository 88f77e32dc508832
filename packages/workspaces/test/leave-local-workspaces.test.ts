import { randomUUID } from "node:crypto";

import type { Db } from "@adsconnect/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { leaveLocalWorkspaces, type WorkspaceRole } from "../src";
import { openDb, signedIn, workspaceEvents } from "./support/database";

/**
 * Erasure's membership rule: a local workspace the person leaves with nobody is handed back to be
 * deleted; one they leave with members but no admin gets its longest-standing active member
 * promoted, with an activity line naming no actor. Organization workspaces are Clerk's.
 * (packages/accounts/test/erase-person.test.ts checks what erasure then deletes.)
 */
let db: Db;
beforeAll(() => {
  db = openDb();
});
afterAll(() => db?.$disconnect());

interface Joining {
  userId: string;
  role: WorkspaceRole;
  removed?: boolean;
}

/** A workspace of `kind` with these members, joined one after the other in this order. */
async function workspaceWith(kind: "local" | "organization", members: Joining[]) {
  const workspace = await db.workspace.create({
    data: {
      kind,
      name: `Leaving ${randomUUID().slice(0, 6)}`,
      ...(kind === "organization" ? { clerkOrganizationId: `org_${randomUUID()}` } : {}),
    },
  });
  const joined = Date.now() - 60_000;
  for (const [index, { removed, ...member }] of members.entries()) {
    await db.workspaceMembership.create({
      data: {
        workspaceId: workspace.id,
        ...member,
        createdAt: new Date(joined + index * 1000),
        removedAt: removed ? new Date() : null,
      },
    });
  }
  return workspace.id;
}

const leave = (userId: string) => db.$transaction((tx) => leaveLocalWorkspaces(tx, userId));

async function rolesIn(workspaceId: string) {
  return await db.workspaceMembership.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: { userId: true, role: true, removedAt: true },
  });
}

async function person(label: string) {
  return (await signedIn(db, label)).userId;
}

describe("leaveLocalWorkspaces", () => {
  it("hands back a local workspace left with no other active member, changing nothing in it", async () => {
    const alone = await person("alone");
    const removed = await person("removed");
    const workspaceId = await workspaceWith("local", [
      { userId: alone, role: "admin" },
      { userId: removed, role: "member", removed: true },
    ]);
    const before = await rolesIn(workspaceId);

    expect(await leave(alone)).toEqual({ abandoned: [workspaceId] });
    expect(await rolesIn(workspaceId)).toEqual(before);
    expect(await workspaceEvents(db, workspaceId)).toEqual([]);
  });

  it("promotes the longest-standing active member where no other admin stays, with a line naming no actor", async () => {
    const leaving = await person("last-admin");
    const gone = await person("gone");
    const eldest = await person("eldest");
    const newer = await person("newer");
    const workspaceId = await workspaceWith("local", [
      { userId: gone, role: "member", removed: true },
      { userId: eldest, role: "member" },
      { userId: leaving, role: "admin" },
      { userId: newer, role: "member" },
    ]);

    expect(await leave(leaving)).toEqual({ abandoned: [] });
    expect((await rolesIn(workspaceId)).map(({ userId, role }) => [userId, role])).toEqual([
      [gone, "member"],
      [eldest, "admin"],
      // Their own membership is the caller's to delete (erasure deletes all of theirs).
      [leaving, "admin"],
      [newer, "member"],
    ]);
    expect(await workspaceEvents(db, workspaceId)).toEqual([
      {
        type: "member_role_changed",
        actorId: null,
        details: {
          memberId: eldest,
          role: "admin",
          previousRole: "member",
          reason: "last_admin_erased",
        },
      },
    ]);
  });

  it("leaves a local workspace that keeps another admin, and organization workspaces, as they are", async () => {
    const leaving = await person("co-admin");
    const other = await person("other-admin");
    const member = await person("plain-member");
    const shared = await workspaceWith("local", [
      { userId: member, role: "member" },
      { userId: other, role: "admin" },
      { userId: leaving, role: "admin" },
    ]);
    const empty = await workspaceWith("organization", [{ userId: leaving, role: "admin" }]);
    const adminless = await workspaceWith("organization", [
      { userId: member, role: "member" },
      { userId: leaving, role: "admin" },
    ]);
    const before = await Promise.all([shared, empty, adminless].map(rolesIn));

    expect(await leave(leaving)).toEqual({ abandoned: [] });
    expect(await Promise.all([shared, empty, adminless].map(rolesIn))).toEqual(before);
    for (const workspaceId of [shared, empty, adminless])
      expect(await workspaceEvents(db, workspaceId)).toEqual([]);
  });
});
