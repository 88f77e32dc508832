import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { WorkspaceAccess } from "@adsconnect/workspaces";

import { erasePerson } from "../src/index";
import { connectThroughSandbox, createPerson, startHarness, type Harness } from "./support/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

/** A workspace of `kind` with these members, joined one after the other in this order. */
async function workspaceWith(
  kind: "local" | "organization",
  members: { userId: string; role: "admin" | "member" }[],
) {
  const workspace = await h.db.workspace.create({
    data: {
      kind,
      name: `Erasure ${randomUUID().slice(0, 6)}`,
      ...(kind === "organization" ? { clerkOrganizationId: `org_${randomUUID()}` } : {}),
    },
  });
  const joined = Date.now() - 60_000;
  for (const [index, member] of members.entries()) {
    await h.db.workspaceMembership.create({
      data: { workspaceId: workspace.id, ...member, createdAt: new Date(joined + index * 1000) },
    });
  }
  return workspace;
}

async function unboundKeyIn(workspaceId: string, createdById: string) {
  const suffix = randomUUID();
  return h.db.apiKey.create({
    data: {
      workspaceId,
      createdById,
      name: "reporting",
      prefix: `ak_${suffix.slice(0, 12)}`,
      keyHash: suffix,
    },
  });
}

describe("erasing a person, and the workspaces they leave", () => {
  it("deletes a local workspace left with no active member, with its accounts, keys and activity", async () => {
    const person = await createPerson(h.db, "alone");
    const removed = await createPerson(h.db, "removed");
    const workspace = await workspaceWith("local", [
      { userId: person, role: "admin" },
      { userId: removed, role: "member" },
    ]);
    await h.db.workspaceMembership.update({
      where: { workspaceId_userId: { workspaceId: workspace.id, userId: removed } },
      data: { removedAt: new Date() },
    });
    const access: WorkspaceAccess = {
      workspaceId: workspace.id,
      kind: "local",
      name: workspace.name,
      role: "admin",
    };
    const { outcome } = await connectThroughSandbox(h, { userId: person, kind: "seller", access });
    expect(outcome.kind).toBe("connected");
    const key = await unboundKeyIn(workspace.id, person);

    const { counts } = await erasePerson(h.services, { userId: person, source: "dashboard" });

    expect(await h.db.workspace.findUnique({ where: { id: workspace.id } })).toBeNull();
    expect(await h.db.amazonAccount.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await h.db.apiKey.findUnique({ where: { id: key.id } })).toBeNull();
    expect(await h.db.auditEvent.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await h.db.workspaceMembership.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(counts).toMatchObject({ workspaces: 1, accounts: 1, apiKeys: 1 });
    expect(await h.db.user.findUnique({ where: { id: removed } })).not.toBeNull();
  });

  it("promotes the longest-standing active member of a local workspace left with no admin", async () => {
    const person = await createPerson(h.db, "last-admin");
    const eldest = await createPerson(h.db, "eldest");
    const newer = await createPerson(h.db, "newer");
    const workspace = await workspaceWith("local", [
      { userId: eldest, role: "member" },
      { userId: person, role: "admin" },
      { userId: newer, role: "member" },
    ]);
    const key = await unboundKeyIn(workspace.id, person);

    await erasePerson(h.services, { userId: person, source: "dashboard" });

    const memberships = await h.db.workspaceMembership.findMany({
      where: { workspaceId: workspace.id },
      select: { userId: true, role: true },
      orderBy: { createdAt: "asc" },
    });
    expect(memberships).toEqual([
      { userId: eldest, role: "admin" },
      { userId: newer, role: "member" },
    ]);
    const event = await h.db.auditEvent.findFirstOrThrow({
      where: { workspaceId: workspace.id, type: "member_role_changed" },
    });
    expect(event).toMatchObject({
      actorId: null,
      details: { memberId: eldest, role: "admin", previousRole: "member" },
    });
    // The workspace and what is in it stay; the key no longer names its creator.
    expect(await h.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({
      createdById: null,
    });
  });

  it("leaves a local workspace that keeps another admin as it is", async () => {
    const person = await createPerson(h.db, "co-admin");
    const other = await createPerson(h.db, "other-admin");
    const member = await createPerson(h.db, "plain-member");
    const workspace = await workspaceWith("local", [
      { userId: member, role: "member" },
      { userId: other, role: "admin" },
      { userId: person, role: "admin" },
    ]);

    await erasePerson(h.services, { userId: person, source: "dashboard" });

    expect(
      await h.db.workspaceMembership.findMany({
        where: { workspaceId: workspace.id },
        select: { userId: true, role: true },
        orderBy: { createdAt: "asc" },
      }),
    ).toEqual([
      { userId: member, role: "member" },
      { userId: other, role: "admin" },
    ]);
    expect(
      await h.db.auditEvent.count({
        where: { workspaceId: workspace.id, type: "member_role_changed" },
      }),
    ).toBe(0);
  });

  it("leaves organization workspaces to Clerk, even with nobody or no admin left", async () => {
    const person = await createPerson(h.db, "org-admin");
    const member = await createPerson(h.db, "org-member");
    const empty = await workspaceWith("organization", [{ userId: person, role: "admin" }]);
    const adminless = await workspaceWith("organization", [
      { userId: member, role: "member" },
      { userId: person, role: "admin" },
    ]);

    const { counts } = await erasePerson(h.services, { userId: person, source: "clerk_webhook" });

    expect(await h.db.workspace.findUnique({ where: { id: empty.id } })).not.toBeNull();
    expect(
      await h.db.workspaceMembership.findUniqueOrThrow({
        where: { workspaceId_userId: { workspaceId: adminless.id, userId: member } },
      }),
    ).toMatchObject({ role: "member" });
    expect(counts.workspaces).toBe(0);
  });
});
