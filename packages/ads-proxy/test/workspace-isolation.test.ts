// The Ads API proxy's rows of the workspace isolation matrix (issue 14; the routers' are
// packages/api/test/workspace-isolation-matrix.test.ts). W1 (admin A, member M) holds an
// account; W2 (admin O) is another workspace. The proxy serves API keys only, so the
// session rows (a member of another workspace, a member doing an admin's action) are one:
// a session without a key is 401. A key of W2 (d), and a key of W1 whose scope excludes the
// account (e), are refused as for an account that does not exist or a missing permission; a
// key bound to a member who was removed stops on the next lookup (c: at once with cacheTtlMs 0,
// within it otherwise), an unbound one keeps working.
// A refused call reaches no Amazon and leaves W1's rows byte for byte as they were.
import {
  createActor,
  createTestWorkspace,
  createTestWorkspaceKey,
  removeTestMember,
  type TestWorkspace,
} from "@adsconnect/api/testing";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { AGENCY, startHarness, type Harness, type ServedProxy } from "./support/harness";

/** The tRPC hand-out's NOT_FOUND message (AccountNotFoundError): the same answer for every miss. */
const NOT_FOUND = "You have no Amazon account with that id.";
const NO_SUCH_ACCOUNT = "0190c3d2-0000-7000-8000-0000000000ff";

let h: Harness;
/** No remembered lookups: what a refusal looks like on the very next call. */
let proxy: ServedProxy;
beforeAll(async () => {
  h = await startHarness(testDatabaseUrl());
  proxy = await h.serve({ cacheTtlMs: 0 });
});
afterAll(() => h.close());
afterEach(async () => {
  await h.sandbox.admin.clearRequests();
});

async function world() {
  const db = h.services.db;
  const [admin, member, outsider] = await Promise.all([
    createActor(db, "w1 admin"),
    createActor(db, "w1 member"),
    createActor(db, "w2 admin"),
  ]);
  const w1 = await createTestWorkspace(db, { admins: [admin], members: [member] });
  const w2 = await createTestWorkspace(db, { admins: [outsider] });
  // A fresh token: a served call needs no refresh, a refused one must not cause any.
  const account = await h.account(admin, { workspaceId: w1.workspaceId, expiresInSeconds: 3600 });
  return { db, admin, member, outsider, w1, w2, account };
}

/** W1's rows as stored: its accounts (tokens included), keys and activity. */
async function snapshotOf(workspace: TestWorkspace) {
  const { rows } = await h.services.pool.query(
    `SELECT (SELECT coalesce(json_agg(a ORDER BY a.id), '[]') FROM amazon_accounts a WHERE a.workspace_id = $1) AS accounts,
            (SELECT coalesce(json_agg(k ORDER BY k.id), '[]') FROM api_keys k WHERE k.workspace_id = $1) AS keys,
            (SELECT coalesce(json_agg(e ORDER BY e.id), '[]') FROM audit_events e WHERE e.workspace_id = $1) AS events,
            (SELECT coalesce(json_agg(m ORDER BY m.user_id), '[]') FROM workspace_memberships m WHERE m.workspace_id = $1) AS members`,
    [workspace.workspaceId],
  );
  return rows[0] as Record<string, unknown>;
}

const get = (accountId: string, headers: Record<string, string>) =>
  fetch(`${proxy.origin}/ads/${accountId}/na/v2/profiles`, { headers });
const withKey = (key: string) => ({ authorization: `Bearer ${key}` });

async function refusal(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code, message: body.error.message };
}

/** A first use writes a key's lastUsedAt (once a minute); do it before a snapshot. */
async function warm(key: string) {
  await get(NO_SUCH_ACCOUNT, withKey(key)).then((r) => r.arrayBuffer());
}

describe("the Ads API proxy in the workspace isolation matrix", () => {
  it("(a, b) serves no session: a signed-in person's cookie without a key is 401", async () => {
    const { w1, account } = await world();
    const before = await snapshotOf(w1);
    const refused = await refusal(
      await get(account.id, { cookie: "__session=eyJhbGciOiJSUzI1NiJ9.e30.c2ln" }),
    );
    expect(refused).toMatchObject({ status: 401, code: "unauthorized" });
    expect(await snapshotOf(w1)).toEqual(before);
    expect(await h.sandbox.admin.requests()).toEqual([]);
  });

  it("(d) refuses a key of another workspace as for an account that does not exist", async () => {
    const { db, outsider, w1, w2, account } = await world();
    const { key } = await createTestWorkspaceKey(db, w2, outsider);
    await warm(key);
    const before = await snapshotOf(w1);
    const refused = await refusal(await get(account.id, withKey(key)));
    const absent = await refusal(await get(NO_SUCH_ACCOUNT, withKey(key)));
    expect(refused).toEqual({ status: 404, code: "not_found", message: NOT_FOUND });
    expect(refused).toEqual(absent);
    expect(await snapshotOf(w1)).toEqual(before);
    expect(await h.sandbox.admin.requests()).toEqual([]);
  });

  it("(e) refuses a key of the workspace without ads:proxy (403 naming it) or listing other accounts (404)", async () => {
    const { db, admin, w1, account } = await world();
    const other = await h.account(admin, {
      workspaceId: w1.workspaceId,
      expiresInSeconds: 3600,
      amazonUserId: AGENCY,
    });
    const noProxy = await createTestWorkspaceKey(db, w1, admin, {
      permissions: ["accounts:read", "tokens:read"],
    });
    const listedElsewhere = await createTestWorkspaceKey(db, w1, admin, { accountIds: [other.id] });
    await warm(noProxy.key);
    await warm(listedElsewhere.key);
    const before = await snapshotOf(w1);

    const forbidden = await refusal(await get(account.id, withKey(noProxy.key)));
    expect(forbidden).toMatchObject({ status: 403, code: "forbidden" });
    expect(forbidden.message).toContain('"ads:proxy"');
    const hidden = await refusal(await get(account.id, withKey(listedElsewhere.key)));
    expect(hidden).toEqual(await refusal(await get(NO_SUCH_ACCOUNT, withKey(listedElsewhere.key))));
    expect(hidden).toMatchObject({ status: 404, message: NOT_FOUND });
    expect(await snapshotOf(w1)).toEqual(before);
    expect(await h.sandbox.admin.requests()).toEqual([]);
  });

  it("(c) refuses a key bound to a member on the very next call after their removal; an unbound key of theirs keeps working", async () => {
    const { db, member, w1, account } = await world();
    const bound = await createTestWorkspaceKey(db, w1, member, { boundToCreator: true });
    const unbound = await createTestWorkspaceKey(db, w1, member);
    expect((await get(account.id, withKey(bound.key))).status).toBe(200);
    expect((await get(account.id, withKey(unbound.key))).status).toBe(200);

    await removeTestMember(db, w1, member);
    await h.sandbox.admin.clearRequests();
    const before = await snapshotOf(w1);
    expect(await refusal(await get(account.id, withKey(bound.key)))).toMatchObject({
      status: 401,
      code: "unauthorized",
    });
    expect(await h.sandbox.admin.requests()).toEqual([]);
    expect(await snapshotOf(w1)).toEqual(before);
    expect((await get(account.id, withKey(unbound.key))).status).toBe(200);
  });

  it("(c) with remembered lookups, refuses a removed member's bound key once cacheTtlMs has passed", async () => {
    const { db, member, w1, account } = await world();
    const bound = await createTestWorkspaceKey(db, w1, member, { boundToCreator: true });
    const cached = await h.serve({ cacheTtlMs: 300 });
    const call = () =>
      fetch(`${cached.origin}/ads/${account.id}/na/v2/profiles`, { headers: withKey(bound.key) });
    expect((await call()).status).toBe(200);
    await removeTestMember(db, w1, member);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await call()).status).toBe(401);
  });
});
