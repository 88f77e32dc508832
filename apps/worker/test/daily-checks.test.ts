import { auditTypes, createAccount } from "@adsconnect/tokens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runDailyAccountChecks, SYNC_PRIORITY } from "../src/tasks/daily-account-checks";
import { runSyncAccountProfiles } from "../src/tasks/sync-account-profiles";
import { queuedJobs, startWorkerHarness, type WorkerHarness } from "./support/harness";

let h: WorkerHarness;
beforeAll(async () => (h = await startWorkerHarness()));
afterAll(() => h.close());

const DAY = 24 * 60 * 60 * 1000;
const account = (options: Parameters<typeof createAccount>[3] = {}) =>
  createAccount(h.pool, h.vault, h.sandbox, { expiresInSeconds: 1800, ...options });

describe("the daily account checks", () => {
  it("flags each grant older than 330 days once, and enqueues one low-priority profile sync per connected account", async () => {
    const old = await account({ consentedAt: new Date(Date.now() - 331 * DAY) });
    const young = await account({ consentedAt: new Date(Date.now() - 300 * DAY) });
    const gone = await account({
      consentedAt: new Date(Date.now() - 400 * DAY),
      status: "disconnected",
    });

    expect(await runDailyAccountChecks(h.services(), h.helpers)).toEqual({ flagged: 1, syncs: 2 });
    expect(await auditTypes(h.pool, old.id)).toEqual(["consent_expiring"]);
    expect(await auditTypes(h.pool, young.id)).toEqual([]);
    expect(await auditTypes(h.pool, gone.id)).toEqual([]);
    const { rows } = await h.pool.query<{ details: { possibleExpiry: string } }>(
      `SELECT details FROM audit_events WHERE account_id = $1`,
      [old.id],
    );
    expect(new Date(rows[0]!.details.possibleExpiry).getTime()).toBeGreaterThan(Date.now());

    const syncs = await queuedJobs(h.pool, "sync_account_profiles");
    expect(syncs.map((job) => job.payload.accountId).sort()).toEqual([old.id, young.id].sort());
    expect(syncs.every((job) => job.priority === SYNC_PRIORITY)).toBe(true);

    // The next day: nothing new to flag, and the syncs collapse into the waiting ones.
    expect(await runDailyAccountChecks(h.services(), h.helpers)).toEqual({ flagged: 0, syncs: 2 });
    expect(await auditTypes(h.pool, old.id)).toEqual(["consent_expiring"]);
    expect(await queuedJobs(h.pool, "sync_account_profiles")).toHaveLength(2);
    await h.pool.query(`DELETE FROM graphile_worker._private_jobs`);
    await h.pool.query(`UPDATE amazon_accounts SET status = 'disconnected'`);
  });

  it("re-reads an account's profiles in every region and its DSP advertisers", async () => {
    const agency = await h.sandbox.admin.user("agency");
    const a = await account({ amazonUserId: agency.userId, expiresInSeconds: 60 });
    expect(await runSyncAccountProfiles(h.services(), { accountId: a.id })).toBe("synced");

    const { rows } = await h.pool.query<{ profileId: string; region: string; advertisers: number }>(
      `SELECT p.profile_id::text AS "profileId", p.region, count(d.id)::int AS advertisers
         FROM advertising_profiles p LEFT JOIN dsp_advertisers d ON d.profile_id = p.id
        WHERE p.account_id = $1 GROUP BY p.id ORDER BY p.profile_id`,
      [a.id],
    );
    expect(rows).toEqual(
      agency.profiles
        .map((p) => ({
          profileId: p.profileId,
          region: p.region.toUpperCase(),
          advertisers: p.dspAdvertiserCount ?? 0,
        }))
        .sort((x, y) => x.profileId.localeCompare(y.profileId)),
    );
    // Its token had a minute left: it was refreshed first.
    expect(await auditTypes(h.pool, a.id)).toEqual(["profiles_synced"]);
  });

  it("skips an account that is no longer connected", async () => {
    const a = await account({ status: "reauth_required" });
    expect(await runSyncAccountProfiles(h.services(), { accountId: a.id })).toBe("skipped");
  });
});
