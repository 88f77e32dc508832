import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { resolveWorkspace, type SessionOrganization } from "@adsconnect/workspaces";

import { completeConnection, syncStarterRole } from "../src/index";
import { consentAtAmazon, createPerson, startHarness, type Harness } from "./support/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

/** A Clerk organization's admin starts a new connection and consents at Amazon. */
async function adminAtAmazon() {
  const userId = await createPerson(h.db, "org-admin");
  const organization: SessionOrganization = {
    id: `org_${randomUUID()}`,
    role: "admin",
    name: "Clerk Org",
    slug: null,
  };
  const access = await resolveWorkspace(h.db, { userId, organization });
  const { query } = await consentAtAmazon(h, { userId, kind: "seller", access });
  return { userId, organization, access, query };
}

describe("the callback applies the Clerk session's role before completing", () => {
  it("an admin demoted in Clerk while at Amazon (the token now says member) cannot complete a new connection", async () => {
    const { userId, organization, access, query } = await adminAtAmazon();

    await syncStarterRole(h.db, {
      userId,
      issuedAt: new Date(),
      organization: { ...organization, role: "member" },
      state: query.state,
    });
    const outcome = await completeConnection(h.services, { userId, query });

    expect(outcome).toMatchObject({ kind: "failed", reason: "not_allowed" });
    expect(await h.db.amazonAccount.count({ where: { workspaceId: access.workspaceId } })).toBe(0);
    expect(
      await h.db.workspaceMembership.findUniqueOrThrow({
        where: { workspaceId_userId: { workspaceId: access.workspaceId, userId } },
      }),
    ).toMatchObject({ role: "member" });
  });

  it("leaves the stored role alone when the session's organization is another one", async () => {
    const { userId, organization, access, query } = await adminAtAmazon();
    const other = `org_${randomUUID()}`;

    await syncStarterRole(h.db, {
      userId,
      issuedAt: new Date(),
      organization: { ...organization, id: other, role: "member" },
      state: query.state,
    });
    const outcome = await completeConnection(h.services, { userId, query });

    expect(outcome).toMatchObject({ kind: "connected", reconnected: false });
    expect(await h.db.workspace.count({ where: { clerkOrganizationId: other } })).toBe(0);
    expect(await h.db.amazonAccount.count({ where: { workspaceId: access.workspaceId } })).toBe(1);
  });
});
