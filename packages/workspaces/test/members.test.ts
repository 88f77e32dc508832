import type { Db } from "@adsconnect/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  addMemberByEmail,
  changeMemberRole,
  ensurePersonalWorkspace,
  listMembers,
  removeMember,
  resolveWorkspace,
  type WorkspaceAccess,
} from "../src";
import { localWorkspace, openDb, signedIn, workspaceEvents, type Person } from "./support/database";

/**
 * Managing a local workspace's members: adding by email (someone who never signed in too),
 * changing roles and removing, each with its activity line naming who did it; the last admin
 * stays; personal and organization workspaces are not managed here; only admins manage.
 */
let db: Db;
beforeAll(() => {
  db = openDb();
});
afterAll(() => db?.$disconnect());

async function caught(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    const { kind, message } = error as { kind?: string; message: string };
    return { kind, message };
  }
  throw new Error("expected it to fail, and it succeeded");
}

async function team(): Promise<{ ada: Person; access: WorkspaceAccess }> {
  const ada = await signedIn(db, "ada");
  return { ada, access: await localWorkspace(db, ada) };
}

describe("addMemberByEmail", () => {
  it("adds someone who never signed in, under the user id their local sign-in will have, and records who added them", async () => {
    const { ada, access } = await team();
    const email = `Bob.${Date.now()}@Example.com `;
    const { member, alreadyMember } = await addMemberByEmail(db, {
      access,
      actorId: ada.userId,
      email,
      role: "member",
    });
    expect(alreadyMember).toBe(false);
    expect(member).toMatchObject({ email: email.trim().toLowerCase(), role: "member", name: null });
    expect(member.userId).toMatch(/^user_local_[0-9a-f]{24}$/);
    // The same email signs in as that id: the membership is theirs from their first sign-in.
    expect(
      await resolveWorkspace(db, { userId: member.userId, workspaceId: access.workspaceId }),
    ).toEqual({ ...access, role: "member" });

    const members = await listMembers(db, access.workspaceId);
    expect(members.map((m) => [m.email, m.role])).toEqual([
      [ada.email, "admin"],
      [member.email, "member"],
    ]);
    expect(members[1]!.joinedAt).toBeInstanceOf(Date);
    expect(await workspaceEvents(db, access.workspaceId)).toEqual([
      { type: "workspace_created", actorId: ada.userId, details: { name: "Acme agency" } },
      {
        type: "member_added",
        actorId: ada.userId,
        details: { memberId: member.userId, role: "member" },
      },
    ]);
  });

  it("adds someone who has signed in, keeping their name, and does nothing for an active member", async () => {
    const { ada, access } = await team();
    const bob = await signedIn(db, "bob");
    const first = await addMemberByEmail(db, {
      access,
      actorId: ada.userId,
      email: bob.email,
      role: "admin",
    });
    expect(first.member).toMatchObject({ userId: bob.userId, name: "Bob", role: "admin" });
    const again = await addMemberByEmail(db, {
      access,
      actorId: ada.userId,
      email: bob.email,
      role: "member",
    });
    expect(again).toEqual({ member: first.member, alreadyMember: true });
    const added = (await workspaceEvents(db, access.workspaceId)).filter(
      (event) => event.type === "member_added",
    );
    expect(added).toHaveLength(1);
  });

  it("adds a removed member again: access comes back, with the new role", async () => {
    const { ada, access } = await team();
    const bob = await signedIn(db, "bob");
    await addMemberByEmail(db, { access, actorId: ada.userId, email: bob.email, role: "admin" });
    await removeMember(db, { access, actorId: ada.userId, userId: bob.userId });
    expect(
      await caught(resolveWorkspace(db, { userId: bob.userId, workspaceId: access.workspaceId })),
    ).toMatchObject({ kind: "forbidden" });

    const { member } = await addMemberByEmail(db, {
      access,
      actorId: ada.userId,
      email: bob.email,
      role: "member",
    });
    expect(member.role).toBe("member");
    const row = await db.workspaceMembership.findUniqueOrThrow({
      where: { workspaceId_userId: { workspaceId: access.workspaceId, userId: bob.userId } },
    });
    expect(row.removedAt).toBeNull();
    expect(
      await resolveWorkspace(db, { userId: bob.userId, workspaceId: access.workspaceId }),
    ).toMatchObject({ role: "member" });
  });
});

describe("changeMemberRole and removeMember", () => {
  it("change a role and remove a member, each with its activity line; the removed member's next request is refused", async () => {
    const { ada, access } = await team();
    const bob = await signedIn(db, "bob");
    await addMemberByEmail(db, { access, actorId: ada.userId, email: bob.email, role: "member" });

    const promoted = await changeMemberRole(db, {
      access,
      actorId: ada.userId,
      userId: bob.userId,
      role: "admin",
    });
    expect(promoted.role).toBe("admin");
    // Bob, now an admin, may demote Ada: another admin stays.
    const bobAccess = await resolveWorkspace(db, {
      userId: bob.userId,
      workspaceId: access.workspaceId,
    });
    await changeMemberRole(db, {
      access: bobAccess,
      actorId: bob.userId,
      userId: ada.userId,
      role: "member",
    });
    await removeMember(db, { access: bobAccess, actorId: bob.userId, userId: ada.userId });

    expect((await listMembers(db, access.workspaceId)).map((m) => m.userId)).toEqual([bob.userId]);
    expect(
      await caught(resolveWorkspace(db, { userId: ada.userId, workspaceId: access.workspaceId })),
    ).toEqual({
      kind: "forbidden",
      message: expect.stringContaining("not a member of this workspace") as string,
    });
    const events = (await workspaceEvents(db, access.workspaceId)).slice(2);
    expect(events).toEqual([
      {
        type: "member_role_changed",
        actorId: ada.userId,
        details: { memberId: bob.userId, role: "admin", previousRole: "member" },
      },
      {
        type: "member_role_changed",
        actorId: bob.userId,
        details: { memberId: ada.userId, role: "member", previousRole: "admin" },
      },
      {
        type: "member_removed",
        actorId: bob.userId,
        details: { memberId: ada.userId, role: "member" },
      },
    ]);
  });

  it("never removes or demotes the last admin, themselves included", async () => {
    const { ada, access } = await team();
    const bob = await signedIn(db, "bob");
    await addMemberByEmail(db, { access, actorId: ada.userId, email: bob.email, role: "member" });
    const refusal = {
      kind: "forbidden",
      message: "Acme agency needs at least one admin. Make someone else an admin first.",
    };
    expect(
      await caught(
        changeMemberRole(db, { access, actorId: ada.userId, userId: ada.userId, role: "member" }),
      ),
    ).toEqual(refusal);
    expect(
      await caught(removeMember(db, { access, actorId: ada.userId, userId: ada.userId })),
    ).toEqual(refusal);
    expect((await listMembers(db, access.workspaceId)).map((m) => m.role)).toEqual([
      "admin",
      "member",
    ]);
  });

  it("keeps an admin when two admins demote each other at the same moment", async () => {
    const { ada, access } = await team();
    const bob = await signedIn(db, "bob");
    await addMemberByEmail(db, { access, actorId: ada.userId, email: bob.email, role: "admin" });
    const bobAccess = { ...access };
    const outcomes = await Promise.allSettled([
      changeMemberRole(db, { access, actorId: ada.userId, userId: bob.userId, role: "member" }),
      changeMemberRole(db, {
        access: bobAccess,
        actorId: bob.userId,
        userId: ada.userId,
        role: "member",
      }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const admins = (await listMembers(db, access.workspaceId)).filter((m) => m.role === "admin");
    expect(admins).toHaveLength(1);
  });

  it("answers NOT_FOUND for someone who is not (or no longer) a member", async () => {
    const { ada, access } = await team();
    const stranger = await signedIn(db, "stranger");
    const notFound = {
      kind: "not_found",
      message: "That person is not a member of Acme agency. Reload the members list.",
    };
    expect(
      await caught(
        changeMemberRole(db, {
          access,
          actorId: ada.userId,
          userId: stranger.userId,
          role: "admin",
        }),
      ),
    ).toEqual(notFound);
    expect(
      await caught(removeMember(db, { access, actorId: ada.userId, userId: stranger.userId })),
    ).toEqual(notFound);
  });
});

describe("who may manage members, and where", () => {
  it("refuses a member, and an admin demoted since their request began, naming the workspace", async () => {
    const { ada, access } = await team();
    const bob = await signedIn(db, "bob");
    await addMemberByEmail(db, { access, actorId: ada.userId, email: bob.email, role: "member" });
    const carol = await signedIn(db, "carol");
    const asMember = { ...access, role: "member" as const };
    const refusal = {
      kind: "forbidden",
      message:
        "Only an admin of Acme agency can manage its members. Ask one of its admins to do it, or to make you an admin.",
    };
    expect(
      await caught(
        addMemberByEmail(db, {
          access: asMember,
          actorId: bob.userId,
          email: carol.email,
          role: "admin",
        }),
      ),
    ).toEqual(refusal);
    // Bob's request still says admin (it was resolved before), but the database says member.
    expect(
      await caught(
        addMemberByEmail(db, { access, actorId: bob.userId, email: carol.email, role: "admin" }),
      ),
    ).toEqual(refusal);
    expect(
      await caught(removeMember(db, { access, actorId: bob.userId, userId: ada.userId })),
    ).toEqual(refusal);
    expect((await listMembers(db, access.workspaceId)).map((m) => m.userId)).toEqual([
      ada.userId,
      bob.userId,
    ]);
  });

  it("manages no members of a personal workspace, nor of a Clerk Organization's, saying where instead", async () => {
    const ada = await signedIn(db, "ada");
    const bob = await signedIn(db, "bob");
    const personal = await ensurePersonalWorkspace(db, ada.userId);
    expect(
      await caught(
        addMemberByEmail(db, {
          access: personal,
          actorId: ada.userId,
          email: bob.email,
          role: "member",
        }),
      ),
    ).toEqual({
      kind: "forbidden",
      message: expect.stringContaining("Your personal workspace is yours alone") as string,
    });
    const organization = await resolveWorkspace(db, {
      userId: ada.userId,
      organization: { id: `org_${ada.userId}`, role: "admin", name: "Globex", slug: null },
    });
    expect(
      await caught(
        removeMember(db, { access: organization, actorId: ada.userId, userId: ada.userId }),
      ),
    ).toEqual({
      kind: "forbidden",
      message: expect.stringContaining("Members of Globex are managed in Clerk") as string,
    });
    expect(await listMembers(db, personal.workspaceId)).toEqual([
      expect.objectContaining({ userId: ada.userId, role: "admin" }),
    ]);
  });
});
