import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startClerkWebhookServer, type ClerkWebhookServer } from "./support/clerk-webhook-server";
import { clerkEvent, svixHeaders } from "./support/svix";

/**
 * Clerk's organization webhooks on the production build, in Clerk mode and offline: a signed
 * `organizationMembership.created|updated|deleted` adds, changes and removes the membership, and
 * `organization.deleted` erases the workspace; a replay is refused. In Clerk mode the local
 * switcher's cookie is ignored and its route answers 404.
 */
const CLERK_HOST = "clerk.adsconnect-org-webhook-test.invalid";

let clerk: ClerkWebhookServer;

beforeAll(async () => {
  clerk = await startClerkWebhookServer(CLERK_HOST);
});

afterAll(() => clerk?.stop());

function membershipEvent(type: string, orgId: string, userId: string, role: string) {
  return clerkEvent(type, {
    object: "organization_membership",
    id: `orgmem_${randomUUID()}`,
    role,
    created_at: Date.now() - 1000,
    updated_at: Date.now(),
    organization: { id: orgId, name: "Globex", slug: "globex", object: "organization" },
    public_user_data: {
      user_id: userId,
      identifier: `${userId}@globex.example`,
      first_name: "Hank",
      last_name: "Scorpio",
    },
  });
}

async function membershipOf(orgId: string, userId: string) {
  return await clerk.db.workspaceMembership.findFirst({
    where: { userId, workspace: { clerkOrganizationId: orgId } },
    select: { role: true, removedAt: true },
  });
}

/** Clerk's session cookies for `userId`, with no active organization. */
function clerkSession(userId: string) {
  return clerk.sessionCookies({ userId, email: `${userId}@example.com`, name: "Ivy" });
}

describe("Clerk's organization webhooks", () => {
  it("add, change and remove a membership, then erase the organization's workspace", async () => {
    const orgId = `org_${randomUUID()}`;
    const userId = `user_${randomUUID()}`;
    const created = await clerk.deliver(
      membershipEvent("organizationMembership.created", orgId, userId, "org:member"),
    );
    expect(created.status, await created.clone().text()).toBe(200);
    expect(await created.json()).toMatchObject({
      applied: "organizationMembership.created",
      count: 1,
    });
    expect(await membershipOf(orgId, userId)).toEqual({ role: "member", removedAt: null });

    const updatedBody = membershipEvent(
      "organizationMembership.updated",
      orgId,
      userId,
      "org:admin",
    );
    expect((await clerk.deliver(updatedBody)).status).toBe(200);
    expect(await membershipOf(orgId, userId)).toEqual({ role: "admin", removedAt: null });
    // The same delivery again (its svix-id) is a replay.
    const replay = await clerk.deliver(
      updatedBody,
      svixHeaders(clerk.secret, updatedBody, { id: "msg_replayed" }),
    );
    expect(replay.status).toBe(200);
    const again = await clerk.deliver(
      updatedBody,
      svixHeaders(clerk.secret, updatedBody, { id: "msg_replayed" }),
    );
    expect(again.status).toBe(409);

    expect(
      (
        await clerk.deliver(
          membershipEvent("organizationMembership.deleted", orgId, userId, "org:admin"),
        )
      ).status,
    ).toBe(200);
    expect((await membershipOf(orgId, userId))?.removedAt).toBeInstanceOf(Date);

    const erased = await clerk.deliver(
      clerkEvent("organization.deleted", { object: "organization", id: orgId, deleted: true }),
    );
    expect(await erased.json()).toMatchObject({ applied: "organization.deleted", count: 1 });
    expect(await clerk.db.workspace.count({ where: { clerkOrganizationId: orgId } })).toBe(0);
    expect(clerk.web.output()).toContain("Clerk organization event applied");
  });

  it("ignores the local switcher's cookie and route in Clerk mode", async () => {
    const userId = `user_${randomUUID()}`;
    await clerk.db.user.create({
      data: { id: userId, email: `${userId}@example.com`, name: "Ivy" },
    });
    const local = await clerk.db.workspace.create({
      data: {
        kind: "local",
        name: "Left over",
        memberships: { create: { userId, role: "admin" } },
      },
    });
    const cookie = `${await clerkSession(userId)}; adsconnect_workspace=${local.id}`;
    const current = await fetch(`${clerk.web.url}/api/trpc/workspaces.current`, {
      headers: { cookie },
    });
    expect(current.status).toBe(200);
    const body = (await current.json()) as { result: { data: { json: { kind: string } } } };
    expect(body.result.data.json.kind).toBe("personal");

    const switched = await fetch(`${clerk.web.url}/api/workspaces/switch`, {
      method: "POST",
      headers: { cookie, origin: clerk.web.url },
      body: new URLSearchParams({ workspaceId: local.id }),
    });
    expect(switched.status).toBe(404);
    expect(switched.headers.getSetCookie()).toEqual([]);
  });
});
