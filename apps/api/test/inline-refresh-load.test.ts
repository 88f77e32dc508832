// Issue 12, "Inline refreshes never starve the pool": the machine API as Railway runs it, with
// Amazon (the sandbox) taking 10 s to answer every token call and 15 accounts whose tokens are
// within the hand-out's 60 s of expiry (still valid). Concurrent me.whoami calls and hand-outs —
// of fresh tokens and of those near-expiry ones — must keep their p99 under 200 ms: the inline
// refreshes Amazon's slowness holds up may not take the pool everything else needs.
// The machines these tests run on are shared and noisy, so the 200 ms is what Amazon's slowness
// may add over a floor measured in the same run (the control: the same calls with Amazon
// quick). Before the bound, the p99s were above 10 s (every call waited on Amazon), whatever
// the floor.
import { createAccounts, type TestAccount } from "@adsconnect/tokens/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startApiWorld, type ApiWorld } from "./support/api-world";

/** The bound the issue sets, over this run's floor (the control's p99). */
const P99_BOUND_MS = 200;
/** Longer than Amazon's 10 s, so every inline refresh started under load is still held up by it. */
const LOAD_MS = 12_000;
/** The control's length (see below). */
const CONTROL_MS = 3_000;
/** A call starts every this many ms (two cores, shared: a steady load, not a flood). */
const INTERVAL_MS = 25;

let world: ApiWorld;

beforeAll(async () => {
  world = await startApiWorld();
});
afterAll(() => world?.stop());

const KINDS = ["whoami", "fresh hand-out", "near-expiry hand-out"] as const;
type Kind = (typeof KINDS)[number];
interface Sample {
  kind: Kind;
  /** When it started, in ms since the load began. */
  at: number;
  ms: number;
  status: number;
  accessToken?: string;
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.99) - 1)] ?? Number.NaN;
}

describe("inline refreshes with Amazon answering in 10 s", () => {
  it("keep the p99 of concurrent whoami calls and hand-outs of still-valid tokens under 200 ms", async () => {
    const auth = { authorization: `Bearer ${world.owner.apiKey}` };
    const handOutUrl = (accountId: string) =>
      `${world.api.url}/trpc/tokens.getAccessToken?input=${encodeURIComponent(JSON.stringify({ json: { accountId } }))}`;
    const fresh = await createAccounts(
      world.services.pool,
      world.services.vault,
      world.sandbox,
      5,
      {
        userId: world.owner.userId,
        expiresInSeconds: 3600,
      },
    );

    let nearExpiry: TestAccount[] = [];
    // A warm service: its connections open and its code paths run, as in production (two
    // accounts of their own near expiry renewed while Amazon is still quick).
    const warming = await createAccounts(
      world.services.pool,
      world.services.vault,
      world.sandbox,
      2,
      {
        userId: world.owner.userId,
        expiresInSeconds: 58,
      },
    );
    for (let i = 0; i < 20; i++) {
      expect((await fetch(`${world.api.url}/trpc/me.whoami`, { headers: auth })).status).toBe(200);
      const warm = await fetch(handOutUrl([...fresh, ...warming][i % 7]!.id), { headers: auth });
      expect(warm.status).toBe(200);
    }
    // Their refreshes, started by those calls, done.
    await expect
      .poll(async () => {
        const { rows } = await world.services.pool.query<{ renewed: number }>(
          `SELECT count(*)::int AS renewed FROM amazon_accounts
            WHERE id = ANY($1::uuid[]) AND access_token_expires_at > now() + interval '50 minutes'`,
          [warming.map((a) => a.id)],
        );
        return rows[0]!.renewed;
      })
      .toBe(warming.length);
    const call = async (kind: Kind, url: string, at: number): Promise<Sample> => {
      const started = performance.now();
      try {
        const response = await fetch(url, { headers: auth, signal: AbortSignal.timeout(20_000) });
        const body = (await response.json()) as {
          result?: { data: { json: { accessToken?: string } } };
        };
        return {
          kind,
          at,
          ms: performance.now() - started,
          status: response.status,
          ...(body.result?.data.json.accessToken === undefined
            ? {}
            : { accessToken: body.result.data.json.accessToken }),
        };
      } catch {
        return { kind, at, ms: performance.now() - started, status: 0 };
      }
    };
    // An open loop: calls start on a schedule whatever the earlier ones take, so a slow answer
    // cannot hide behind a caller that waits for it. Kinds take turns; near-expiry hand-outs go
    // round the 15 accounts, so each is asked for within the first second.
    const openLoop = async (ms: number, kinds: readonly Kind[]) => {
      const calls: Promise<Sample & { accountId?: string }>[] = [];
      const start = performance.now();
      for (let n = 0; performance.now() - start < ms; n++) {
        const kind = kinds[n % kinds.length]!;
        const turn = Math.floor(n / kinds.length);
        const at = Math.round(performance.now() - start);
        if (kind === "whoami") calls.push(call(kind, `${world.api.url}/trpc/me.whoami`, at));
        else {
          const accounts = kind === "fresh hand-out" ? fresh : nearExpiry;
          const account = accounts[turn % accounts.length]!;
          calls.push(
            call(kind, handOutUrl(account.id), at).then((s) => ({ ...s, accountId: account.id })),
          );
        }
        await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
      }
      return Promise.all(calls);
    };

    // A control, for reading a failure: the same calls with Amazon quick and no token near
    // expiry, i.e. what this machine's own load costs.
    const control = await openLoop(CONTROL_MS, ["whoami", "fresh hand-out"]);
    const controlP99 = Math.round(p99(control.map((s) => s.ms)));

    // Within the hand-out's 60 s of expiry, and valid for longer than the load lasts.
    nearExpiry = await createAccounts(
      world.services.pool,
      world.services.vault,
      world.sandbox,
      15,
      {
        userId: world.owner.userId,
        expiresInSeconds: 58,
      },
    );
    const storedToken = new Map(nearExpiry.map((a) => [a.id, a.accessToken]));
    await world.sandbox.admin.setLatency({ tokenMs: 10_000 });
    const samples = await openLoop(LOAD_MS, KINDS);

    const of = (kind: Kind) => samples.filter((s) => s.kind === kind);
    const figures = Object.fromEntries(
      KINDS.map((kind) => [
        kind,
        { calls: of(kind).length, p99Ms: Math.round(p99(of(kind).map((s) => s.ms))) },
      ]),
    );
    const slowest = [...samples]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map((s) => `${s.kind} at ${s.at} ms: ${Math.round(s.ms)} ms`);
    const summary = `p99 over ${samples.length} calls: ${JSON.stringify(figures)}; slowest: ${slowest.join(", ")}; control (Amazon quick, nothing near expiry): p99 ${controlP99} ms over ${control.length} calls`;
    console.log(`inline refreshes under a 10 s Amazon: ${summary}`);

    // Every call answered, and each near-expiry hand-out gave a valid token: the stored one
    // (Amazon is too slow to have renewed it) or a renewed one.
    expect(
      samples.filter((s) => s.status !== 200).map((s) => `${s.kind}: ${s.status}`),
      summary,
    ).toEqual([]);
    for (const sample of of("near-expiry hand-out"))
      expect(sample.accessToken, summary).toEqual(expect.any(String));
    expect(
      of("near-expiry hand-out").filter((s) => s.accessToken === storedToken.get(s.accountId!))
        .length,
      summary,
    ).toBeGreaterThan(0);
    for (const kind of KINDS) {
      expect(of(kind).length, summary).toBeGreaterThan(50);
      expect(p99(of(kind).map((s) => s.ms)), `${kind}: ${summary}`).toBeLessThan(
        controlP99 + P99_BOUND_MS,
      );
    }
  }, 120_000);
});
