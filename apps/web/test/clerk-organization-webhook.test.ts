import { generateLocalAuthKeyPair, publishableKeyForHost } from "@adsconnect/auth";
import { createDb, type Db } from "@adsconnect/db/client";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { importPKCS8, SignJWT } from "jose";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { baseEnv } from "./support/environments";
import { clerkEvent, newSigningSecret, svixHeaders } from "./support/svix";
import { freePort, startWebServer, type WebServer } from "./support/web-server";

/**
 * Clerk's organization webhooks on the production build, in Clerk mode and offline: a signed
 * `organizationMembership.created|updated|deleted` adds, changes and removes the membership, and
 * `organization.deleted` erases the workspace; a replay is refused. In Clerk mode the local
 * switcher's cookie is ignored and its route answers 404.
 */
const CLERK_HOST = "clerk.adsconnect-org-webhook-test.invalid";
const keys = generateLocalAuthKeyPair();
const secret = newSigningSecret();

let web: WebServer;
let db: Db;

beforeAll(async () => {
  db = createDb(testDatabaseUrl(), { max: 2 });
  web = await startWebServer(
    baseEnv({
      CLERK_SECRET_KEY: "sk_test_offline_not_a_real_key",
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKeyForHost(CLERK_HOST, "live"),
      CLERK_JWT_KEY: keys.publicKeyPem,
      CLERK_API_URL: `http://127.0.0.1:${await freePort()}`,
      CLERK_WEBHOOK_SIGNING_SECRET: secret,
    }),
  );
});

afterAll(async () => {
  await web?.stop();
  await db?.$disconnect();
});

function deliver(body: string) {
  return fetch(`${web.url}/api/webhooks/clerk`, {
    method: "POST",
    body,
    headers: svixHeaders(secret, body),
    redirect: "manual",
  });
}

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
  return await db.workspaceMembership.findFirst({
    where: { userId, workspace: { clerkOrganizationId: orgId } },
    select: { role: true, removedAt: true },
  });
}

/** Clerk's session cookies for `userId`, with no active organization. */
async function clerkSession(userId: string) {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    sid: `sess_${userId}`,
    azp: web.url,
    v: 2,
    sts: "active",
    email: `${userId}@example.com`,
    name: "Ivy",
  })
    .setProtectedHeader({ alg: "RS256", typ: "JWT" })
    .setSubject(userId)
    .setIssuer(`https://${CLERK_HOST}`)
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + 600)
    .sign(await importPKCS8(keys.privateKeyPem, "RS256"));
  return `__session=${token}; __client_uat=${now}`;
}

describe("Clerk's organization webhooks", () => {
  it("add, change and remove a membership, then erase the organization's workspace", async () => {
    const orgId = `org_${randomUUID()}`;
    const userId = `user_${randomUUID()}`;
    const created = await deliver(
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
    expect((await deliver(updatedBody)).status).toBe(200);
    expect(await membershipOf(orgId, userId)).toEqual({ role: "admin", removedAt: null });
    // The same delivery again (its svix-id) is a replay.
    const replay = await fetch(`${web.url}/api/webhooks/clerk`, {
      method: "POST",
      body: updatedBody,
      headers: svixHeaders(secret, updatedBody, { id: "msg_replayed" }),
    });
    expect(replay.status).toBe(200);
    const again = await fetch(`${web.url}/api/webhooks/clerk`, {
      method: "POST",
      body: updatedBody,
      headers: svixHeaders(secret, updatedBody, { id: "msg_replayed" }),
    });
    expect(again.status).toBe(409);

    expect(
      (await deliver(membershipEvent("organizationMembership.deleted", orgId, userId, "org:admin")))
        .status,
    ).toBe(200);
    expect((await membershipOf(orgId, userId))?.removedAt).toBeInstanceOf(Date);

    const erased = await deliver(
      clerkEvent("organization.deleted", { object: "organization", id: orgId, deleted: true }),
    );
    expect(await erased.json()).toMatchObject({ applied: "organization.deleted", count: 1 });
    expect(await db.workspace.count({ where: { clerkOrganizationId: orgId } })).toBe(0);
    expect(web.output()).toContain("Clerk organization event applied");
  });

  it("ignores the local switcher's cookie and route in Clerk mode", async () => {
    const userId = `user_${randomUUID()}`;
    await db.user.create({ data: { id: userId, email: `${userId}@example.com`, name: "Ivy" } });
    const local = await db.workspace.create({
      data: {
        kind: "local",
        name: "Left over",
        memberships: { create: { userId, role: "admin" } },
      },
    });
    const cookie = `${await clerkSession(userId)}; adsconnect_workspace=${local.id}`;
    const current = await fetch(`${web.url}/api/trpc/workspaces.current`, { headers: { cookie } });
    expect(current.status).toBe(200);
    const body = (await current.json()) as { result: { data: { json: { kind: string } } } };
    expect(body.result.data.json.kind).toBe("personal");

    const switched = await fetch(`${web.url}/api/workspaces/switch`, {
      method: "POST",
      headers: { cookie, origin: web.url },
      body: new URLSearchParams({ workspaceId: local.id }),
    });
    expect(switched.status).toBe(404);
    expect(switched.headers.getSetCookie()).toEqual([]);
  });
});
