import { DUE_ACCOUNTS_SQL } from "@adsconnect/tokens/due-accounts";
import { createAccount, createUser, personalWorkspaceOf } from "@adsconnect/tokens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { sweepDueAccounts } from "../src/tasks/sweep-due-accounts";
import { queuedJobs, startWorkerHarness, type WorkerHarness } from "./support/harness";

let h: WorkerHarness;
beforeAll(async () => (h = await startWorkerHarness()));
afterAll(() => h.close());

const account = (options: Parameters<typeof createAccount>[3]) =>
  createAccount(h.pool, h.vault, h.sandbox, options);
const sweep = () => sweepDueAccounts(h.services(), h.helpers);

describe("the refresh sweep", () => {
  it("enqueues one job per connected account expiring within the lead time, keyed by account", async () => {
    const due = await account({ expiresInSeconds: 300 });
    const expired = await account({ expiresInSeconds: -300 });
    const failing = await account({
      expiresInSeconds: 100,
      status: "refresh_failing",
      consecutiveFailures: 4,
    });
    await account({ expiresInSeconds: 3000 });
    await account({ expiresInSeconds: 100, status: "reauth_required" });
    await account({ expiresInSeconds: 100, status: "disconnected" });

    expect(await sweep()).toBe(3);
    const jobs = await queuedJobs(h.pool, "refresh_account_tokens");
    expect(jobs.map((job) => job.key).sort()).toEqual(
      [due, expired, failing].map((a) => `refresh_account_tokens:${a.id}`).sort(),
    );
    expect(
      jobs
        .map((job) => job.payload)
        .sort((x, y) => String(x.accountId).localeCompare(String(y.accountId))),
    ).toEqual(
      [due, expired, failing]
        .map((a) => ({ accountId: a.id }))
        .sort((x, y) => x.accountId.localeCompare(y.accountId)),
    );

    // The next minute's sweep finds the same accounts: their jobs collapse into the ones waiting.
    expect(await sweep()).toBe(3);
    expect(await queuedJobs(h.pool, "refresh_account_tokens")).toHaveLength(3);
    await h.pool.query(`DELETE FROM graphile_worker._private_jobs`);
  });

  it("leaves a retry waiting out its backoff where it is", async () => {
    const a = await account({ expiresInSeconds: 60 });
    const later = new Date(Date.now() + 45_000);
    await h.utils.addJob(
      "refresh_account_tokens",
      { accountId: a.id },
      { jobKey: `refresh_account_tokens:${a.id}`, runAt: later },
    );
    await sweep();
    const [job] = await queuedJobs(h.pool, "refresh_account_tokens");
    expect(job?.run_at.getTime()).toBe(later.getTime());
    await h.pool.query(`DELETE FROM graphile_worker._private_jobs`);
  });

  it("reads the due accounts through the (status, access_token_expires_at) index", async () => {
    // Enough rows that a sequential scan would cost more: 20,000 fresh accounts, a few due.
    const owner = await personalWorkspaceOf(h.pool, await createUser(h.pool));
    await h.pool.query(
      `INSERT INTO amazon_accounts (id, workspace_id, amazon_user_id, consent_region, status,
         refresh_token_ciphertext, access_token_ciphertext, access_token_expires_at, consented_at,
         created_at, updated_at)
       SELECT gen_random_uuid(), $1, 'amzn1.account.bulk' || n, 'NA',
              (CASE WHEN n % 10 = 0 THEN 'disconnected' ELSE 'active' END)::"AccountStatus",
              'x', 'y', now() + (n % 3000 + 1200) * interval '1 second', now(), now(), now()
         FROM generate_series(1, 20000) AS n`,
      [owner],
    );
    await h.pool.query("ANALYZE amazon_accounts");
    const threshold = new Date(Date.now() + 600_000);
    const { rows } = await h.pool.query<{ "QUERY PLAN": string }>(`EXPLAIN ${DUE_ACCOUNTS_SQL}`, [
      threshold,
    ]);
    const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
    expect(plan).toContain("amazon_accounts_status_access_token_expires_at_idx");
    expect(plan).not.toMatch(/Seq Scan on amazon_accounts/);

    const { rows: analyzed } = await h.pool.query<{ "QUERY PLAN": string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${DUE_ACCOUNTS_SQL}`,
      [threshold],
    );
    // Printed for the reader: the rows the scan touched are the due ones, not the 20,000.
    console.log(analyzed.map((row) => row["QUERY PLAN"]).join("\n"));
    expect(analyzed.map((row) => row["QUERY PLAN"]).join("\n")).toContain("Index");
  });
});
