import type { Db } from "@adsconnect/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addMemberByEmail, listWorkspacesOf, removeMember, resolveWorkspace } from "../src";
import { localWorkspace, openDb, signedIn, workspaceEvents } from "./support/database";

/** Creating a local workspace, and the list the workspace switcher shows. */
let db: Db;
beforeAll(() => {
  db = openDb();
});
afterAll(() => db?.$disconnect());

describe("createLocalWorkspace", () => {
  it("makes a local workspace with its creator as admin, and says so in its activity", async () => {
    const ada = await signedIn(db, "ada");
    const made = await localWorkspace(db, ada, "Initech");
    expect(made).toEqual({
      workspaceId: expect.any(String) as string,
      kind: "local",
      name: "Initech",
      role: "admin",
    });
    expect(
      await resolveWorkspace(db, { userId: ada.userId, workspaceId: made.workspaceId }),
    ).toEqual(made);
    expect(await workspaceEvents(db, made.workspaceId)).toEqual([
      { type: "workspace_created", actorId: ada.userId, details: { name: "Initech" } },
    ]);
  });
});

describe("listWorkspacesOf", () => {
  it("lists the personal workspace first (made if missing), then the others by name with the person's role", async () => {
    const ada = await signedIn(db, "ada");
    const bob = await signedIn(db, "bob");
    const zeta = await localWorkspace(db, ada, "zeta");
    const acme = await localWorkspace(db, ada, "Acme");
    const gone = await localWorkspace(db, ada, "Gone");
    for (const workspace of [zeta, gone]) {
      await addMemberByEmail(db, {
        access: workspace,
        actorId: ada.userId,
        email: bob.email,
        role: "member",
      });
    }
    await removeMember(db, { access: gone, actorId: ada.userId, userId: bob.userId });

    const bobs = await listWorkspacesOf(db, bob.userId);
    expect(bobs).toEqual([
      {
        workspaceId: expect.any(String) as string,
        kind: "personal",
        name: "Personal",
        role: "admin",
      },
      { ...zeta, role: "member" },
    ]);
    expect((await listWorkspacesOf(db, ada.userId)).map((w) => w.name)).toEqual([
      "Personal",
      "Acme",
      "Gone",
      "zeta",
    ]);
    // Listing again makes no second personal workspace.
    expect(await listWorkspacesOf(db, bob.userId)).toEqual(bobs);
    expect(acme.kind).toBe("local");
  });
});
