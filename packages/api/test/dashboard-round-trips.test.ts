/**
 * How many statements a dashboard request sends PostgreSQL before its procedure runs, made as
 * the web app makes them (admitDashboardSession, then the context's ensureUser and
 * resolveWorkspace): one, for a returning person, whichever way their workspace is selected.
 * Before they were folded into one statement there were three (the erasure check, the users
 * row, the personal workspace) or four (a picked workspace or an organization's: Prisma reads
 * the workspace and the membership separately). A change that adds a read here fails this test.
 */
import { randomUUID } from "node:crypto";

import { erasePerson } from "@adsconnect/accounts";
import { sessionFromClaims } from "@adsconnect/auth";
import { createDb, type Db } from "@adsconnect/db/client";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { notAMemberMessage } from "@adsconnect/workspaces";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  admitDashboardSession,
  createDashboardCaller,
  createDashboardContext,
  type Session,
} from "../src/dashboard";
import {
  createActor,
  createTestServices,
  createTestWorkspace,
  removeTestMember,
} from "../src/testing";
import { syncUser } from "../src/domain/users/sync-user";
import { caught } from "./support/callers";

const services = createTestServices();
let statements: string[] = [];
let db: Db;
beforeAll(() => {
  db = createDb(testDatabaseUrl(), { max: 12, onQuery: (sql) => statements.push(sql) });
});
afterAll(() => db.$disconnect());

/**
 * One dashboard request as the web app serves it: the session admitted (or not) by its first
 * read, then `workspaces.current`, a procedure that reads nothing itself.
 */
async function request(session: Session, selectedWorkspaceId: string | null = null) {
  const admitted = await admitDashboardSession(db, session, selectedWorkspaceId);
  const caller = createDashboardCaller(
    createDashboardContext({
      services: { ...services, db },
      session: admitted.session,
      standing: admitted.standing,
      selectedWorkspaceId,
      signInMode: "local",
    }),
  );
  return await caller.workspaces.current();
}

/** The statements `run` sends. */
async function counted(run: () => Promise<unknown>): Promise<string[]> {
  statements = [];
  await run();
  return statements;
}

const acme = (role: "admin" | "member") => ({ id: "", role, name: "Acme", slug: null });

describe("a returning person's dashboard request, before its procedure", () => {
  it("sends one statement in their personal workspace", async () => {
    const person = await createActor(db, "personal");
    const session = { ...person.session, issuedAt: new Date() };
    await request(session);
    expect(await counted(() => request(session))).toHaveLength(1);
  });

  it("sends one statement in a workspace picked in the switcher", async () => {
    const person = await createActor(db, "picked");
    const workspace = await createTestWorkspace(db, { members: [person] });
    const session = { ...person.session, issuedAt: new Date() };
    await expect(request(session, workspace.workspaceId)).resolves.toMatchObject({
      workspaceId: workspace.workspaceId,
      role: "member",
    });
    expect(await counted(() => request(session, workspace.workspaceId))).toHaveLength(1);
  });

  it("sends one statement in their Clerk Organization's workspace", async () => {
    const person = await createActor(db, "organization");
    const organization = { ...acme("admin"), id: `org_${randomUUID()}` };
    const session = { ...person.session, issuedAt: new Date(), organization };
    await expect(request(session)).resolves.toMatchObject({ kind: "organization", name: "Acme" });
    expect(await counted(() => request(session))).toHaveLength(1);
  });
});

describe("the first read of a dashboard request", () => {
  it("signs out a session issued before the person was erased; one issued after starts afresh", async () => {
    const person = await createActor(db, "erased");
    const before = { ...person.session, issuedAt: new Date(Date.now() - 60_000) };
    await erasePerson(
      { db, now: () => new Date() },
      { userId: person.userId, source: "dashboard" },
    );

    expect(await admitDashboardSession(db, before)).toEqual({ session: null });
    expect(await admitDashboardSession(db, { ...before, issuedAt: null })).toEqual({
      session: null,
    });
    const after = { ...person.session, issuedAt: new Date(Date.now() + 1000) };
    const fresh = await request(after);
    expect(fresh).toMatchObject({ kind: "personal", role: "admin" });
    expect(fresh.workspaceId).not.toBe(person.workspaceId);
  });

  it("signs out a Clerk session begun before the erasure although its token was minted after it (Clerk re-mints every minute)", async () => {
    const person = await createActor(db, "erased-clerk");
    await erasePerson(
      { db, now: () => new Date() },
      { userId: person.userId, source: "dashboard" },
    );
    const clerk = (claims: Record<string, unknown>) => ({
      ...person.session,
      ...sessionFromClaims(person.userId, claims)!,
      email: person.session.email,
    });
    // Minted a second from now, its first factor verified ten minutes before: refused, and
    // nothing of the person is made again.
    const inSession = clerk({ iat: Math.floor(Date.now() / 1000) + 1, fva: [10, -1] });
    expect(inSession.issuedAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await admitDashboardSession(db, inSession)).toEqual({ session: null });
    await expect(syncUser(db, inSession)).rejects.toMatchObject({ kind: "unauthorized" });
    expect(await db.user.count({ where: { id: person.userId } })).toBe(0);
    // Signed in after the erasure (first factor verified a minute later): admitted, afresh.
    const signedInAgain = clerk({ iat: Math.floor(Date.now() / 1000) + 121, fva: [0, -1] });
    expect((await admitDashboardSession(db, signedInAgain)).session).not.toBeNull();
  });

  it("makes a new person's users row and personal workspace once, however many first requests come at once", async () => {
    const userId = `user_test_${randomUUID()}`;
    const session = { userId, email: "new@example.test", name: "New", issuedAt: new Date() };
    const answers = await Promise.all(Array.from({ length: 10 }, () => request(session)));
    expect(new Set(answers.map((a) => a.workspaceId)).size).toBe(1);
    expect(await db.user.findUnique({ where: { id: userId } })).toMatchObject({
      email: "new@example.test",
      name: "New",
    });
    // The provider's copy changed: the row follows.
    await request({ ...session, email: "renamed@example.test" });
    expect(await db.user.findUnique({ where: { id: userId } })).toMatchObject({
      email: "renamed@example.test",
    });
  });

  it("refuses a person removed from the workspace they picked, at once", async () => {
    const person = await createActor(db, "removed");
    const workspace = await createTestWorkspace(db, { members: [person] });
    const session = { ...person.session, issuedAt: new Date() };
    await request(session, workspace.workspaceId);
    await removeTestMember(db, workspace, person);
    expect(await caught(request(session, workspace.workspaceId))).toEqual({
      code: "FORBIDDEN",
      message: notAMemberMessage(),
    });
  });

  it("refuses a token minted before its person's removal from the organization; a newer one restores them", async () => {
    const person = await createActor(db, "org-removed");
    const organization = { ...acme("member"), id: `org_${randomUUID()}` };
    const old = { ...person.session, issuedAt: new Date(Date.now() - 60_000), organization };
    const { workspaceId } = await request(old);
    await db.workspaceMembership.update({
      where: { workspaceId_userId: { workspaceId, userId: person.userId } },
      data: { removedAt: new Date() },
    });
    expect(await caught(request(old))).toMatchObject({ code: "FORBIDDEN" });
    const newer = { ...old, issuedAt: new Date(Date.now() + 1000) };
    await expect(request(newer)).resolves.toMatchObject({ workspaceId, role: "member" });
  });
});
