import { randomUUID } from "node:crypto";

import type { Db } from "@adsconnect/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  resolveWorkspace,
  workspaceRowsFromJson,
  workspaceRowsSql,
  type WorkspaceSelection,
} from "../src";
import { localWorkspace, openDb, signedIn, type Person } from "./support/database";

/**
 * resolveWorkspace handed the rows a request read earlier (workspaceRowsSql, folded into the
 * dashboard's first statement) decides and writes exactly as when it reads them itself: each
 * case is set up twice, resolved both ways, and the answers and the rows left behind compared.
 */
let db: Db;
beforeAll(() => {
  db = openDb();
});
afterAll(() => db?.$disconnect());

const HOUR = 3_600_000;

/** Sets a case up for a fresh person and returns the selection their request makes. */
type Setup = (person: Person) => Promise<WorkspaceSelection>;

const organization = (id: string, role: "admin" | "member", name = "Initech") => ({
  id,
  role,
  name,
  slug: null,
});

/** An organization workspace `person` joined as `role`, from a token an hour old. */
async function joined(person: Person, role: "admin" | "member", name = "Initech") {
  const id = `org_${randomUUID()}`;
  await resolveWorkspace(db, {
    userId: person.userId,
    issuedAt: new Date(Date.now() - HOUR),
    organization: organization(id, role, name),
  });
  return id;
}

async function removeFromOrganization(orgId: string, person: Person, at: Date) {
  await db.workspaceMembership.updateMany({
    where: { userId: person.userId, workspace: { clerkOrganizationId: orgId } },
    data: { removedAt: at },
  });
}

const CASES: Record<string, Setup> = {
  "personal workspace, there": async (person) => {
    await resolveWorkspace(db, { userId: person.userId });
    return { userId: person.userId };
  },
  "personal workspace, first use": (person) => Promise.resolve({ userId: person.userId }),
  "picked workspace, a member": async (person) => {
    const admin = await signedIn(db, "admin");
    const workspace = await localWorkspace(db, admin);
    await db.workspaceMembership.create({
      data: { workspaceId: workspace.workspaceId, userId: person.userId, role: "member" },
    });
    return { userId: person.userId, workspaceId: workspace.workspaceId };
  },
  "picked workspace, removed": async (person) => {
    const workspace = await localWorkspace(db, person);
    await db.workspaceMembership.updateMany({
      where: { workspaceId: workspace.workspaceId, userId: person.userId },
      data: { removedAt: new Date() },
    });
    return { userId: person.userId, workspaceId: workspace.workspaceId };
  },
  "picked workspace, never a member": async (person) => {
    const workspace = await localWorkspace(db, await signedIn(db, "other"));
    return { userId: person.userId, workspaceId: workspace.workspaceId };
  },
  "organization, first request": (person) =>
    Promise.resolve({
      userId: person.userId,
      issuedAt: new Date(),
      organization: organization(`org_${randomUUID()}`, "admin"),
    }),
  "organization, as it was": async (person) => {
    const id = await joined(person, "member");
    return {
      userId: person.userId,
      issuedAt: new Date(),
      organization: organization(id, "member"),
    };
  },
  "organization, renamed in Clerk": async (person) => {
    const id = await joined(person, "member");
    return {
      userId: person.userId,
      issuedAt: new Date(),
      organization: organization(id, "member", "Initrode"),
    };
  },
  "organization, made admin in Clerk": async (person) => {
    const id = await joined(person, "member");
    return { userId: person.userId, issuedAt: new Date(), organization: organization(id, "admin") };
  },
  "organization, another member's row only": async (person) => {
    const other = await signedIn(db, "other");
    const id = await joined(other, "admin");
    return {
      userId: person.userId,
      issuedAt: new Date(),
      organization: organization(id, "member"),
    };
  },
  "organization, removed after the token was issued": async (person) => {
    const id = await joined(person, "member");
    await removeFromOrganization(id, person, new Date());
    return {
      userId: person.userId,
      issuedAt: new Date(Date.now() - 60_000),
      organization: organization(id, "member"),
    };
  },
  "organization, token issued after the removal": async (person) => {
    const id = await joined(person, "member");
    await removeFromOrganization(id, person, new Date(Date.now() - 60_000));
    return {
      userId: person.userId,
      issuedAt: new Date(),
      organization: organization(id, "member"),
    };
  },
  "organization, removed, token without an issue time": async (person) => {
    const id = await joined(person, "member");
    await removeFromOrganization(id, person, new Date(Date.now() - 60_000));
    return { userId: person.userId, issuedAt: null, organization: organization(id, "member") };
  },
};

async function readRows(selection: WorkspaceSelection) {
  const [row] = await db.$queryRaw<{ rows: unknown }[]>`
    SELECT ${workspaceRowsSql(selection)} AS rows`;
  return workspaceRowsFromJson(selection, row!.rows);
}

/** The answer, and the person's workspace and membership rows afterwards, without ids. */
async function resolvedAndLeft(selection: WorkspaceSelection, withRows: boolean) {
  const rows = withRows ? await readRows(selection) : undefined;
  const answer = await resolveWorkspace(db, selection, rows).then(
    ({ workspaceId: _id, ...access }) => access,
    (error: { kind?: string; message?: string }) => ({
      refused: error.kind,
      message: error.message,
    }),
  );
  const memberships = await db.workspaceMembership.findMany({
    where: { userId: selection.userId },
    orderBy: { createdAt: "asc" },
    select: {
      role: true,
      removedAt: true,
      workspace: { select: { kind: true, name: true } },
    },
  });
  return {
    answer,
    left: memberships.map(({ removedAt, ...m }) => ({ ...m, removed: removedAt !== null })),
  };
}

describe("resolveWorkspace with the rows read beforehand", () => {
  for (const [name, setup] of Object.entries(CASES)) {
    it(`${name}: the same answer and the same rows as reading them itself`, async () => {
      const readingItself = await resolvedAndLeft(await setup(await signedIn(db, "a")), false);
      const handedRows = await resolvedAndLeft(await setup(await signedIn(db, "b")), true);
      expect(handedRows).toEqual(readingItself);
    });
  }

  it("reads the same rows resolveWorkspace reads, as the same types", async () => {
    const person = await signedIn(db, "typed");
    const id = await joined(person, "admin", "Typed Co");
    const removedAt = new Date("2026-01-02T03:04:05.678Z");
    await removeFromOrganization(id, person, removedAt);
    const selection = { userId: person.userId, organization: organization(id, "admin") };
    expect(await readRows(selection)).toEqual({
      selected: "organization",
      workspace: {
        id: expect.any(String) as string,
        name: "Typed Co",
        memberships: [{ role: "admin", removedAt }],
      },
    });
    expect(await readRows({ userId: `user_${randomUUID()}` })).toEqual({
      selected: "personal",
      workspace: null,
    });
  });
});
