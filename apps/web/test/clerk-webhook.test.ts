import { hashUserId } from "@adsconnect/accounts";
import { createActor, type TestActor } from "@adsconnect/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startClerkWebhookServer, type ClerkWebhookServer } from "./support/clerk-webhook-server";
import { clerkEvent, newSigningSecret, svixHeaders } from "./support/svix";

/**
 * Clerk's `user.deleted` webhook on the production build, in Clerk mode and offline: a
 * delivery signed with CLERK_WEBHOOK_SIGNING_SECRET erases that person (keeping one line with
 * no personal data); a wrong signature, a stale timestamp and a replayed svix-id are refused
 * and erase nothing; other event types are acknowledged and ignored; the route is reached
 * without a session (no redirect, no cookie); and a session begun before the erasure is
 * signed out everywhere rather than bringing the person back.
 */
const CLERK_HOST = "clerk.adsconnect-webhook-test.invalid";

let clerk: ClerkWebhookServer;

beforeAll(async () => {
  clerk = await startClerkWebhookServer(CLERK_HOST);
});

afterAll(() => clerk?.stop());

/** A person Clerk knows, with an account (tokens, a profile, an advertiser), a pending connection and an API key. */
async function person(label: string): Promise<TestActor> {
  const actor = await createActor(clerk.db, label);
  const account = await clerk.db.amazonAccount.create({
    data: {
      workspaceId: actor.workspaceId,
      connectedById: actor.userId,
      amazonUserId: `amzn1.account.${actor.userId}`,
      amazonName: `${label}'s Amazon`,
      amazonEmail: `${label}@amazon.example`,
      consentRegion: "NA",
      refreshTokenCiphertext: "gAAAAA-refresh",
      accessTokenCiphertext: "gAAAAA-access",
      consentedAt: new Date(),
      profiles: {
        create: {
          profileId: 4400000000000000123n,
          region: "NA",
          countryCode: "US",
          currencyCode: "USD",
          timezone: "America/Los_Angeles",
          marketplaceStringId: "ATVPDKIKX0DER",
          accountInfoType: "agency",
          accountInfoId: "A-AGENCY",
          lastSyncedAt: new Date(),
          dspAdvertisers: {
            create: { advertiserId: "555", name: `${label}'s brand`, lastSyncedAt: new Date() },
          },
        },
      },
    },
  });
  await clerk.db.auditEvent.create({
    data: {
      workspaceId: actor.workspaceId,
      actorId: actor.userId,
      accountId: account.id,
      type: "account_connected",
    },
  });
  await clerk.db.oAuthState.create({
    data: {
      stateHash: `state-${actor.userId}`,
      userId: actor.userId,
      workspaceId: actor.workspaceId,
      region: "EU",
      codeVerifierCiphertext: "gAAAAA-verifier",
      expiresAt: new Date(Date.now() + 600_000),
    },
  });
  return actor;
}

/** What the person and their personal workspace hold. */
async function rowsOf(userId: string) {
  const personal = { workspace: { personalOwnerId: userId } };
  return {
    users: await clerk.db.user.count({ where: { id: userId } }),
    accounts: await clerk.db.amazonAccount.count({ where: personal }),
    profiles: await clerk.db.advertisingProfile.count({ where: { account: personal } }),
    advertisers: await clerk.db.dspAdvertiser.count({ where: { profile: { account: personal } } }),
    oauthStates: await clerk.db.oAuthState.count({ where: { userId } }),
    apiKeys: await clerk.db.apiKey.count({ where: personal }),
    auditEvents: await clerk.db.auditEvent.count({ where: personal }),
  };
}

const NOTHING = {
  users: 0,
  accounts: 0,
  profiles: 0,
  advertisers: 0,
  oauthStates: 0,
  apiKeys: 0,
  auditEvents: 0,
};

function userDeleted(userId: string) {
  return clerkEvent("user.deleted", { id: userId, object: "user", deleted: true });
}

/** Clerk's session cookies for `actor`, as a browser signed in to Clerk sends them. */
function clerkSession(actor: TestActor, options?: { issuedAgo?: number }) {
  const { email, name } = actor.session;
  return clerk.sessionCookies({ userId: actor.userId, email, name }, options);
}

describe("Clerk's user.deleted webhook", () => {
  it("erases the person a validly signed delivery names, without a session, keeping one line with no personal data", async () => {
    const erin = await person("erin");
    const bystander = await person("bystander");
    const bystanderBefore = await rowsOf(bystander.userId);
    expect(await rowsOf(erin.userId)).toEqual({
      users: 1,
      accounts: 1,
      profiles: 1,
      advertisers: 1,
      oauthStates: 1,
      apiKeys: 1,
      auditEvents: 2,
    });

    const body = userDeleted(erin.userId);
    const response = await clerk.deliver(body);
    const answer = await response.text();
    expect(response.status, answer).toBe(200);
    // Reached as is: no handshake redirect, no session cookie.
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.getSetCookie()).toEqual([]);

    expect(await rowsOf(erin.userId)).toEqual(NOTHING);
    expect(await rowsOf(bystander.userId)).toEqual(bystanderBefore);

    const lines = await clerk.db.personErasure.findMany({
      where: { userIdHash: hashUserId(erin.userId) },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      source: "clerk_webhook",
      counts: { users: 1, accounts: 1, profiles: 1, advertisers: 1, apiKeys: 1, oauthStates: 1 },
    });
    for (const personal of [erin.userId, erin.session.email, "erin", erin.apiKey]) {
      expect(JSON.stringify(lines[0])).not.toContain(personal);
      expect(answer).not.toContain(personal);
      expect(clerk.web.output()).not.toContain(personal);
    }
    expect(clerk.web.output()).toContain("person erased");
  });

  it("refuses a wrong signature, a stale or future timestamp and missing headers with 400, erasing nothing", async () => {
    const nora = await person("nora");
    const before = await rowsOf(nora.userId);
    const body = userDeleted(nora.userId);
    const now = Math.floor(Date.now() / 1000);
    const attempts: Record<string, Record<string, string>> = {
      "another secret": svixHeaders(newSigningSecret(), body),
      "a stale timestamp (6 minutes)": svixHeaders(clerk.secret, body, { timestamp: now - 360 }),
      "a future timestamp (6 minutes)": svixHeaders(clerk.secret, body, { timestamp: now + 360 }),
      "another body": svixHeaders(clerk.secret, userDeleted("user_someone_else")),
      "no signature": Object.fromEntries(
        Object.entries(svixHeaders(clerk.secret, body)).filter(
          ([name]) => name !== "svix-signature",
        ),
      ),
      "no headers at all": { "content-type": "application/json" },
    };
    for (const [name, headers] of Object.entries(attempts)) {
      const response = await clerk.deliver(body, headers);
      expect(response.status, name).toBe(400);
      expect(await response.text(), name).not.toContain(clerk.secret);
    }
    expect(await rowsOf(nora.userId)).toEqual(before);
    expect(
      await clerk.db.personErasure.count({ where: { userIdHash: hashUserId(nora.userId) } }),
    ).toBe(0);
  });

  it("refuses a replayed svix-id with 409, erasing nothing the second time", async () => {
    const rita = await person("rita");
    const body = userDeleted(rita.userId);
    const headers = svixHeaders(clerk.secret, body);
    expect((await clerk.deliver(body, headers)).status).toBe(200);
    expect(await rowsOf(rita.userId)).toEqual(NOTHING);

    // The same person comes back (a new sign-in) before the replay arrives.
    await clerk.db.user.create({
      data: { id: rita.userId, email: rita.session.email, name: "rita" },
    });
    const again = await clerk.db.workspace.create({
      data: { kind: "personal", name: "Personal", personalOwnerId: rita.userId },
    });
    await clerk.db.oAuthState.create({
      data: {
        stateHash: `state-again-${rita.userId}`,
        userId: rita.userId,
        workspaceId: again.id,
        region: "NA",
        codeVerifierCiphertext: "gAAAAA-verifier",
        expiresAt: new Date(Date.now() + 600_000),
      },
    });
    const before = await rowsOf(rita.userId);
    expect(before).toMatchObject({ users: 1, oauthStates: 1 });

    const replay = await clerk.deliver(body, headers);
    expect(replay.status).toBe(409);
    expect(await rowsOf(rita.userId)).toEqual(before);
    expect(
      await clerk.db.personErasure.count({ where: { userIdHash: hashUserId(rita.userId) } }),
    ).toBe(1);
  });

  it("acknowledges other event types with 200 and ignores them", async () => {
    const olga = await person("olga");
    const before = await rowsOf(olga.userId);
    for (const type of ["user.created", "user.updated", "session.ended"]) {
      const body = clerkEvent(type, { id: olga.userId, object: "user" });
      const response = await clerk.deliver(body);
      expect(response.status, type).toBe(200);
      expect(await response.json()).toEqual({ received: true, ignored: type });
    }
    expect(await rowsOf(olga.userId)).toEqual(before);
  });

  it("signs out a session begun before the erasure: the API answers 401 and pages send it to sign in, recreating nobody", async () => {
    const sam = await person("sam");
    const cookie = await clerkSession(sam, { issuedAgo: 30 });
    const me = () => fetch(`${clerk.web.url}/api/trpc/me.get`, { headers: { cookie } });
    expect((await me()).status).toBe(200);
    expect((await fetch(`${clerk.web.url}/accounts`, { headers: { cookie } })).status).toBe(200);

    const body = userDeleted(sam.userId);
    expect((await clerk.deliver(body)).status).toBe(200);

    expect((await me()).status).toBe(401);
    const page = await fetch(`${clerk.web.url}/accounts`, {
      headers: { cookie },
      redirect: "manual",
    });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toContain("/sign-in");
    expect(await rowsOf(sam.userId)).toEqual(NOTHING);
  });
});
