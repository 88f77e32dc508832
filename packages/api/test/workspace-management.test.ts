/**
 * The dashboard's `workspaces.*` procedures: under local sign-in a person creates a workspace,
 * adds someone by email, changes their role and removes them, and the removed person is refused
 * on their very next call; a member sees the members but manages none; with Clerk no workspace is
 * made on the dashboard and an Organization's members are managed in Clerk.
 */
import { randomUUID } from "node:crypto";

import { localUserIdForEmail } from "@adsconnect/auth";
import type { Db } from "@adsconnect/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDashboardCaller, createDashboardContext, type Session } from "../src/dashboard";
import { captureLogger, createTestServices } from "../src/testing";
import { caught, openDb } from "./support/callers";

let db: Db;
const services = createTestServices();
beforeAll(() => {
  db = openDb();
});
afterAll(() => db?.$disconnect());

/** Someone signed in locally: their user id is the one their email gives. */
function localSession(label: string): Session {
  const email = `${label.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
  return { userId: localUserIdForEmail(email), email, name: label, issuedAt: new Date() };
}

function as(
  session: Session | null,
  {
    workspaceId,
    signInMode = "local",
  }: { workspaceId?: string; signInMode?: "local" | "clerk" } = {},
) {
  return createDashboardCaller(
    createDashboardContext({
      services: { ...services, db, logger: captureLogger().logger },
      session,
      selectedWorkspaceId: workspaceId ?? null,
      signInMode,
    }),
  );
}

describe("workspaces, under local sign-in", () => {
  it("create, add by email, change role, remove: the removed member is refused on their next call", async () => {
    const ada = localSession("Ada");
    const bob = localSession("Bob");
    const made = await as(ada).workspaces.create({ name: "  Acme agency " });
    expect(made).toMatchObject({ kind: "local", name: "Acme agency", role: "admin" });
    const { workspaceId } = made;
    expect((await as(ada).workspaces.list()).map((w) => [w.name, w.kind, w.role])).toEqual([
      ["Personal", "personal", "admin"],
      ["Acme agency", "local", "admin"],
    ]);
    const adaThere = as(ada, { workspaceId });
    expect(await adaThere.workspaces.current()).toEqual({
      workspaceId,
      kind: "local",
      name: "Acme agency",
      role: "admin",
      canManageMembers: true,
    });

    // Bob has never signed in: he is added by the email he will sign in with.
    const added = await adaThere.workspaces.addMember({ email: bob.email.toUpperCase() });
    expect(added).toMatchObject({
      alreadyMember: false,
      member: { userId: bob.userId, role: "member", email: bob.email },
    });

    const bobThere = as(bob, { workspaceId });
    expect(await bobThere.workspaces.current()).toMatchObject({
      role: "member",
      canManageMembers: false,
    });
    expect((await bobThere.workspaces.members()).map((m) => [m.name, m.role])).toEqual([
      ["Ada", "admin"],
      ["Bob", "member"],
    ]);
    const notAdmin = {
      code: "FORBIDDEN",
      message:
        "Only an admin of Acme agency can manage its members. Ask one of its admins to do it, or to make you an admin.",
    };
    expect(await caught(bobThere.workspaces.addMember({ email: "carol@example.com" }))).toEqual(
      notAdmin,
    );
    expect(await caught(bobThere.workspaces.removeMember({ userId: ada.userId }))).toEqual(
      notAdmin,
    );
    expect(
      await caught(bobThere.workspaces.changeRole({ userId: bob.userId, role: "admin" })),
    ).toEqual(notAdmin);

    expect(
      await adaThere.workspaces.changeRole({ userId: bob.userId, role: "admin" }),
    ).toMatchObject({ role: "admin" });
    expect(await as(bob, { workspaceId }).workspaces.current()).toMatchObject({ role: "admin" });
    await adaThere.workspaces.changeRole({ userId: bob.userId, role: "member" });

    expect(await adaThere.workspaces.removeMember({ userId: bob.userId })).toEqual({
      userId: bob.userId,
    });
    expect(await caught(as(bob, { workspaceId }).workspaces.members())).toEqual({
      code: "FORBIDDEN",
      message:
        "You are not a member of this workspace (anymore). Pick another one in the workspace switcher.",
    });
    // The switcher still lists where Bob may go.
    expect((await as(bob, { workspaceId }).workspaces.list()).map((w) => w.kind)).toEqual([
      "personal",
    ]);
    expect((await adaThere.workspaces.members()).map((m) => m.userId)).toEqual([ada.userId]);
  });

  it("keeps the last admin, and answers a stranger's id as NOT_FOUND", async () => {
    const ada = localSession("Ada");
    const { workspaceId } = await as(ada).workspaces.create({ name: "Solo" });
    const adaThere = as(ada, { workspaceId });
    expect(await caught(adaThere.workspaces.removeMember({ userId: ada.userId }))).toEqual({
      code: "FORBIDDEN",
      message: "Solo needs at least one admin. Make someone else an admin first.",
    });
    expect(
      await caught(adaThere.workspaces.changeRole({ userId: "user_nobody", role: "member" })),
    ).toEqual({
      code: "NOT_FOUND",
      message: "That person is not a member of Solo. Reload the members list.",
    });
  });

  it("manages nobody in a personal workspace, and names the field of a bad input", async () => {
    const ada = localSession("Ada");
    expect(await as(ada).workspaces.current()).toMatchObject({
      kind: "personal",
      role: "admin",
      canManageMembers: false,
    });
    expect(await caught(as(ada).workspaces.addMember({ email: "bob@example.com" }))).toEqual({
      code: "FORBIDDEN",
      message: expect.stringContaining("Your personal workspace is yours alone") as string,
    });
    const { workspaceId } = await as(ada).workspaces.create({ name: "Acme" });
    const bad = await caught(as(ada, { workspaceId }).workspaces.addMember({ email: "bob" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toContain("email");
    expect((await caught(as(ada).workspaces.create({ name: " " }))).code).toBe("BAD_REQUEST");
  });
});

describe("workspaces, across workspaces", () => {
  it("an admin of one workspace reaches no member of another: NOT_FOUND exactly as for nobody, and nothing changes", async () => {
    const ada = localSession("Ada");
    const bob = localSession("Bob");
    const eve = localSession("Eve");
    const acme = await as(ada).workspaces.create({ name: "Acme" });
    await as(ada, { workspaceId: acme.workspaceId }).workspaces.addMember({ email: bob.email });
    const evil = await as(eve).workspaces.create({ name: "Evil" });
    const eveThere = as(eve, { workspaceId: evil.workspaceId });
    const nobody = await caught(
      eveThere.workspaces.removeMember({ userId: `user_${randomUUID()}` }),
    );
    expect(nobody.code).toBe("NOT_FOUND");
    expect(await caught(eveThere.workspaces.removeMember({ userId: bob.userId }))).toEqual(nobody);
    expect(
      await caught(eveThere.workspaces.changeRole({ userId: ada.userId, role: "member" })),
    ).toEqual(nobody);
    // Acting in Acme without being in it: refused before anything is read.
    expect(
      (await caught(as(eve, { workspaceId: acme.workspaceId }).workspaces.members())).code,
    ).toBe("FORBIDDEN");
    expect(
      (await as(ada, { workspaceId: acme.workspaceId }).workspaces.members()).map((m) => [
        m.userId,
        m.role,
      ]),
    ).toEqual([
      [ada.userId, "admin"],
      [bob.userId, "member"],
    ]);
  });
});

describe("workspaces, with Clerk", () => {
  it("makes no workspace on the dashboard, and leaves an Organization's members to Clerk", async () => {
    const ada: Session = {
      ...localSession("Ada"),
      organization: { id: `org_${randomUUID()}`, role: "admin", name: "Globex", slug: null },
    };
    const clerk = as(ada, { signInMode: "clerk" });
    expect(await caught(clerk.workspaces.create({ name: "Mine" }))).toEqual({
      code: "FORBIDDEN",
      message:
        "Workspaces are Clerk Organizations here: create one with Clerk's organization switcher.",
    });
    expect(await clerk.workspaces.current()).toMatchObject({
      kind: "organization",
      name: "Globex",
      role: "admin",
      canManageMembers: false,
    });
    expect(await caught(clerk.workspaces.removeMember({ userId: ada.userId }))).toEqual({
      code: "FORBIDDEN",
      message: expect.stringContaining("Members of Globex are managed in Clerk") as string,
    });
    expect((await clerk.workspaces.members()).map((m) => m.userId)).toEqual([ada.userId]);
    // The default context is Clerk's: a web app that forgets to say "local" makes no workspace.
    const unsaid = createDashboardCaller(
      createDashboardContext({ services: { ...services, db }, session: localSession("Bob") }),
    );
    expect((await caught(unsaid.workspaces.create({ name: "Mine" }))).code).toBe("FORBIDDEN");
  });

  it("refuses everyone not signed in", async () => {
    for (const call of [as(null).workspaces.list(), as(null).workspaces.members()]) {
      expect((await caught(call)).code).toBe("UNAUTHORIZED");
    }
  });
});
