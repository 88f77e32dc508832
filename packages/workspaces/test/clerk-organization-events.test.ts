import { randomUUID } from "node:crypto";

import type { Db } from "@adsconnect/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { applyClerkOrganizationEvent, listMembers, resolveWorkspace } from "../src";
import { erased, openDb, signedIn, workspaceEvents } from "./support/database";

/**
 * Clerk's organization webhooks keep workspaces and memberships as Clerk has them: a deleted
 * organization takes its workspace with everything in it; a membership created, updated or
 * deleted in Clerk is added, changed or removed here, with an activity line with no actor.
 */
let db: Db;
beforeAll(() => {
  db = openDb();
});
afterAll(() => db?.$disconnect());

function membership(
  orgId: string,
  userId: string,
  role: string,
  extra: { createdAt?: number; email?: string } = {},
) {
  return {
    object: "organization_membership",
    id: `orgmem_${randomUUID()}`,
    role,
    created_at: extra.createdAt ?? Date.now(),
    updated_at: Date.now(),
    organization: { id: orgId, name: "Globex", slug: "globex", object: "organization" },
    public_user_data: {
      user_id: userId,
      identifier: extra.email ?? `${userId}@example.com`,
      first_name: "Hank",
      last_name: "Scorpio",
      image_url: "https://img.clerk.com/x",
    },
  };
}

/** Someone whose active organization is `orgId` in their session token, with `role`. */
async function inOrganization(orgId: string, role: "admin" | "member") {
  const person = await signedIn(db, role);
  const access = await resolveWorkspace(db, {
    userId: person.userId,
    issuedAt: new Date(Date.now() - 1000),
    organization: { id: orgId, role, name: "Globex", slug: "globex" },
  });
  return { person, access };
}

describe("applyClerkOrganizationEvent", () => {
  it("organizationMembership.created keeps the person and their membership before they ever sign in", async () => {
    const orgId = `org_${randomUUID()}`;
    const userId = `user_${randomUUID()}`;
    expect(
      await applyClerkOrganizationEvent(db, {
        type: "organizationMembership.created",
        data: membership(orgId, userId, "org:admin", { email: "hank@globex.example" }),
      }),
    ).toEqual({ applied: "organizationMembership.created", count: 1 });
    const workspace = await db.workspace.findUniqueOrThrow({
      where: { clerkOrganizationId: orgId },
    });
    expect(workspace).toMatchObject({ kind: "organization", name: "Globex" });
    expect(await listMembers(db, workspace.id)).toEqual([
      expect.objectContaining({
        userId,
        email: "hank@globex.example",
        name: "Hank Scorpio",
        role: "admin",
      }),
    ]);
    expect(await workspaceEvents(db, workspace.id)).toEqual([
      {
        type: "member_added",
        actorId: null,
        details: { memberId: userId, role: "admin", source: "clerk" },
      },
    ]);
  });

  it("organizationMembership.updated changes the role; .deleted removes at once; an older .created does not bring them back", async () => {
    const orgId = `org_${randomUUID()}`;
    const { person, access } = await inOrganization(orgId, "member");
    const joinedInClerk = Date.now() - 60_000;

    await applyClerkOrganizationEvent(db, {
      type: "organizationMembership.updated",
      data: membership(orgId, person.userId, "org:admin", { createdAt: joinedInClerk }),
    });
    expect((await listMembers(db, access.workspaceId))[0]!.role).toBe("admin");

    expect(
      await applyClerkOrganizationEvent(db, {
        type: "organizationMembership.deleted",
        data: membership(orgId, person.userId, "org:admin", { createdAt: joinedInClerk }),
      }),
    ).toEqual({ applied: "organizationMembership.deleted", count: 1 });
    expect(await listMembers(db, access.workspaceId)).toEqual([]);
    // Their token, minted before the removal, still names the organization: refused.
    await expect(
      resolveWorkspace(db, {
        userId: person.userId,
        issuedAt: new Date(Date.now() - 1000),
        organization: { id: orgId, role: "admin", name: "Globex", slug: null },
      }),
    ).rejects.toMatchObject({ kind: "forbidden" });

    // The .created of that same (older) membership, delivered late, changes nothing.
    expect(
      await applyClerkOrganizationEvent(db, {
        type: "organizationMembership.created",
        data: membership(orgId, person.userId, "org:member", { createdAt: joinedInClerk }),
      }),
    ).toEqual({ applied: "organizationMembership.created", count: 0 });
    expect(await listMembers(db, access.workspaceId)).toEqual([]);
    // Added again in Clerk (a newer membership): back.
    await applyClerkOrganizationEvent(db, {
      type: "organizationMembership.created",
      data: membership(orgId, person.userId, "org:member", { createdAt: Date.now() + 1000 }),
    });
    expect((await listMembers(db, access.workspaceId)).map((m) => [m.userId, m.role])).toEqual([
      [person.userId, "member"],
    ]);
    expect((await workspaceEvents(db, access.workspaceId)).map((e) => [e.type, e.actorId])).toEqual(
      [
        ["member_role_changed", null],
        ["member_removed", null],
        ["member_added", null],
      ],
    );
  });

  it("a late organizationMembership.created for a person erased since keeps nothing of them", async () => {
    const orgId = `org_${randomUUID()}`;
    const userId = `user_${randomUUID()}`;
    // Bob joined in Clerk a minute ago while this endpoint was down; then Clerk deleted him and
    // user.deleted erased him. Svix's retry of the .created now arrives, after the erasure.
    const joinedInClerk = Date.now() - 60_000;
    await erased(db, userId);

    expect(
      await applyClerkOrganizationEvent(db, {
        type: "organizationMembership.created",
        data: membership(orgId, userId, "org:member", { createdAt: joinedInClerk }),
      }),
    ).toEqual({ applied: "organizationMembership.created", count: 0 });
    expect(await db.user.findUnique({ where: { id: userId } })).toBeNull();
    expect(await db.workspaceMembership.count({ where: { userId } })).toBe(0);
    // Nothing at all: not even the organization's workspace, which only this delivery would make.
    expect(await db.workspace.findUnique({ where: { clerkOrganizationId: orgId } })).toBeNull();
  });

  it("organization.deleted erases the workspace with its accounts, keys, activity and memberships", async () => {
    const orgId = `org_${randomUUID()}`;
    const { person, access } = await inOrganization(orgId, "admin");
    await db.amazonAccount.create({
      data: {
        workspaceId: access.workspaceId,
        connectedById: person.userId,
        amazonUserId: `amzn1.account.${randomUUID()}`,
        consentRegion: "NA",
        refreshTokenCiphertext: "gAAAAA-refresh",
        consentedAt: new Date(),
      },
    });
    const other = `org_${randomUUID()}`;
    const bystander = await inOrganization(other, "admin");

    expect(
      await applyClerkOrganizationEvent(db, {
        type: "organization.deleted",
        data: { object: "organization", id: orgId, deleted: true },
      }),
    ).toEqual({ applied: "organization.deleted", count: 1 });
    expect(await db.workspace.findUnique({ where: { id: access.workspaceId } })).toBeNull();
    expect(await db.amazonAccount.count({ where: { workspaceId: access.workspaceId } })).toBe(0);
    expect(await db.workspaceMembership.count({ where: { workspaceId: access.workspaceId } })).toBe(
      0,
    );
    // The person and their other workspaces stay.
    expect(await db.user.findUnique({ where: { id: person.userId } })).not.toBeNull();
    expect(await listMembers(db, bystander.access.workspaceId)).toHaveLength(1);
  });

  it("ignores a payload that lacks what it needs, and an organization it never saw", async () => {
    expect(
      await applyClerkOrganizationEvent(db, {
        type: "organizationMembership.deleted",
        data: { id: "x" },
      }),
    ).toEqual({ ignored: "organizationMembership.deleted without its organization or user" });
    expect(
      await applyClerkOrganizationEvent(db, {
        type: "organizationMembership.deleted",
        data: membership(`org_${randomUUID()}`, `user_${randomUUID()}`, "org:member"),
      }),
    ).toEqual({ applied: "organizationMembership.deleted", count: 0 });
    expect(
      await applyClerkOrganizationEvent(db, {
        type: "organization.deleted",
        data: { id: `org_${randomUUID()}`, deleted: true },
      }),
    ).toEqual({ applied: "organization.deleted", count: 0 });
  });
});
