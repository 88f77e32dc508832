// The limiters on real PostgreSQL (this run's migrated database): counts shared by two pools,
// as two processes would share them, a refusal with the wait until the window ends, limits
// off at 0, the table the migration made (the library creates none), and whose IP is counted.
import { randomUUID } from "node:crypto";

import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { Pool } from "pg";
import { afterAll, describe, expect, it } from "vitest";

import {
  clientIp,
  createRateLimits,
  RATE_LIMIT_DEFAULTS,
  RATE_LIMIT_TABLE,
  rateLimitedError,
  type RateLimitSettings,
} from "../src/index";
import { rateLimitEnv, rateLimitSettingsFromEnv } from "../src/env";

const pools: Pool[] = [];
const newPool = () => {
  const pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
  pools.push(pool);
  return pool;
};
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
});

const settings = (overrides: Partial<RateLimitSettings> = {}): RateLimitSettings => ({
  ...RATE_LIMIT_DEFAULTS,
  apiKey: { points: 3, windowSeconds: 60 },
  ...overrides,
});

describe("createRateLimits", () => {
  it("shares one key's budget between two pools (two processes) and refuses past it with the wait", async () => {
    const first = createRateLimits(newPool(), settings());
    const second = createRateLimits(newPool(), settings());
    const key = randomUUID();
    expect(await first.consume("apiKey", key)).toEqual({ allowed: true });
    expect(await second.consume("apiKey", key)).toEqual({ allowed: true });
    expect(await first.consume("apiKey", key)).toEqual({ allowed: true });
    const refused = await second.consume("apiKey", key);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
    if (refused.allowed) throw new Error("unreachable");
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    // The process that saw the refusal remembers it; the other learns it from PostgreSQL.
    expect(second.refusedHere("apiKey", key).allowed).toBe(false);
    expect(first.refusedHere("apiKey", key).allowed).toBe(true);
    expect((await first.consume("apiKey", key)).allowed).toBe(false);
    // Another key has its own budget.
    expect(await first.consume("apiKey", randomUUID())).toEqual({ allowed: true });
  });

  it("counts each limit apart, in the rate_limits table the migration made", async () => {
    const pool = newPool();
    const limits = createRateLimits(
      pool,
      settings({ signInPerIp: { points: 1, windowSeconds: 30 } }),
    );
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
    expect((await limits.consume("signInPerIp", ip)).allowed).toBe(true);
    expect((await limits.consume("oauthCallbackPerIp", ip)).allowed).toBe(true);
    expect((await limits.consume("signInPerIp", ip)).allowed).toBe(false);
    const { rows } = await pool.query<{ key: string; points: number }>(
      `SELECT key, points FROM ${RATE_LIMIT_TABLE} WHERE key LIKE $1 ORDER BY key`,
      [`%${ip}`],
    );
    expect(rows).toEqual([
      { key: `oauthCallbackPerIp:${ip}`, points: 1 },
      { key: `signInPerIp:${ip}`, points: 2 },
    ]);
  });

  it("creates no table of its own: where the table is missing, counting fails open and says so", async () => {
    // A schema of its own, first on the search path: the library's unqualified table is not there.
    const schema = `rl_${randomUUID().replaceAll("-", "")}`;
    const admin = newPool();
    await admin.query(`CREATE SCHEMA ${schema}`);
    try {
      const pool = new Pool({
        connectionString: testDatabaseUrl(),
        max: 1,
        options: `-c search_path=${schema}`,
      });
      pools.push(pool);
      const warnings: string[] = [];
      const limits = createRateLimits(
        pool,
        settings({ apiKey: { points: 1, windowSeconds: 60 } }),
        {
          logger: { warn: (_fields, message) => warnings.push(message) },
        },
      );
      const key = randomUUID();
      expect(await limits.consume("apiKey", key)).toEqual({ allowed: true });
      expect(await limits.consume("apiKey", key)).toEqual({ allowed: true });
      expect(warnings).toEqual([
        "rate limit not counted (PostgreSQL failed); request allowed",
        "rate limit not counted (PostgreSQL failed); request allowed",
      ]);
      const { rows } = await admin.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1",
        [schema],
      );
      expect(rows).toEqual([]);
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });

  it("counts in an UNLOGGED table: no count waits for a WAL flush", async () => {
    const { rows } = await newPool().query<{ persistence: string }>(
      "SELECT relpersistence AS persistence FROM pg_class WHERE oid = $1::regclass",
      [RATE_LIMIT_TABLE],
    );
    expect(rows).toEqual([{ persistence: "u" }]);
  });

  it("turns a limit of 0 off", async () => {
    const limits = createRateLimits(
      newPool(),
      settings({ apiKey: { points: 0, windowSeconds: 60 } }),
    );
    const key = randomUUID();
    for (let i = 0; i < 5; i += 1)
      expect(await limits.consume("apiKey", key)).toEqual({ allowed: true });
  });
});

describe("rateLimitedError", () => {
  it("is kind rate_limited, says the limit and the wait, and carries retryAfterSeconds", () => {
    const error = rateLimitedError("apiKey", 17, settings());
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterSeconds).toBe(17);
    expect(error.message).toBe(
      "Too many requests with this API key (at most 3 per 60 s). Try again in 17 s (Retry-After). Cache access tokens (the client's getAccessToken does) and slow down.",
    );
  });
});

describe("clientIp", () => {
  it("reads the entry the trusted proxies appended, never what the caller wrote further left", () => {
    expect(clientIp("203.0.113.9, 198.51.100.7", "10.0.0.2", 1)).toBe("198.51.100.7");
    expect(clientIp(["203.0.113.9", "198.51.100.7, 10.1.1.1"], "10.0.0.2", 2)).toBe("198.51.100.7");
  });

  it("falls back to the connection's address with no header, fewer entries than hops, or 0 hops", () => {
    expect(clientIp(undefined, "::ffff:127.0.0.1", 1)).toBe("127.0.0.1");
    expect(clientIp("198.51.100.7", "10.0.0.2", 2)).toBe("10.0.0.2");
    expect(clientIp("198.51.100.7", "10.0.0.2", 0)).toBe("10.0.0.2");
    expect(clientIp(null, undefined, 1)).toBe("unknown");
  });
});

describe("rateLimitEnv", () => {
  it("gives the defaults, and reads every limit from RATE_LIMIT_*", () => {
    expect(rateLimitSettingsFromEnv(rateLimitEnv({ runtimeEnv: {} }))).toEqual(RATE_LIMIT_DEFAULTS);
    expect(
      rateLimitSettingsFromEnv(
        rateLimitEnv({
          runtimeEnv: {
            RATE_LIMIT_API_KEY: "5",
            RATE_LIMIT_API_KEY_WINDOW_SECONDS: "10",
            RATE_LIMIT_SIGN_IN_PER_IP: "0",
            RATE_LIMIT_PROXY_HOPS: "0",
          },
        }),
      ),
    ).toEqual({
      ...RATE_LIMIT_DEFAULTS,
      apiKey: { points: 5, windowSeconds: 10 },
      signInPerIp: { points: 0, windowSeconds: 60 },
      proxyHops: 0,
    });
  });
});
