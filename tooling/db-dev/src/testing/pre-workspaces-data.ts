import { createHash, randomBytes, randomUUID } from "node:crypto";

/** The migration that moved per-person data into personal workspaces. */
export const WORKSPACES_MIGRATION = "20261201212656_workspaces";

/** A pg Client or Pool: the seed runs plain SQL on the old schema. */
export interface Queryable {
  query(sql: string, values?: unknown[]): Promise<unknown>;
}

/** Seals `secret` bound to `context`: a TokenVault's `encryptFor` (kept out of this package's dependencies). */
export type EncryptFor = (context: string, secret: string) => string;

/** What a key must do when looked up, as it did before the workspaces migration. */
export type ExpectedKeyLookup =
  | {
      status: "active";
      permissions: string[];
      /** null: every account of its owner. */
      accountIds: string[] | null;
      expiresAt: Date | null;
    }
  | { status: "expired"; expiredAt: Date }
  | { status: "invalid" };

export interface SeededApiKey {
  id: string;
  /** Its owner in the old schema (`api_keys.user_id`). */
  userId: string;
  name: string;
  /** The full secret, as its internal app holds it. */
  rawKey: string;
  expected: ExpectedKeyLookup;
}

export interface SeededAccount {
  id: string;
  ownerId: string;
  amazonUserId: string;
  status: "active" | "refresh_failing" | "reauth_required" | "disconnected";
  /** The plaintexts behind the ciphertexts; null where the grant was erased. */
  refreshToken: string | null;
  accessToken: string | null;
}

export interface SeededOAuthState {
  id: string;
  userId: string;
  stateHash: string;
  codeVerifier: string;
}

/** What seedPreWorkspacesData wrote that a test cannot read back from the rows alone. */
export interface PreWorkspacesData {
  /** Every `users` row's id; the last one has no data at all. */
  userIds: string[];
  accounts: SeededAccount[];
  apiKeys: SeededApiKey[];
  oauthStates: SeededOAuthState[];
  /** When the data was written: expiries are relative to it. */
  now: Date;
}

/** The audit event types a person caused (the migration makes them the actor); the rest are the worker's. */
export const PERSON_MADE_EVENT_TYPES = [
  "account_connected",
  "account_reconnected",
  "account_disconnected",
  "api_key_created",
  "api_key_revoked",
] as const;

const ALL_PERMISSIONS = ["accounts:read", "tokens:read", "ads:proxy"];
const DAY_MS = 86_400_000;

/** An `adc_…` key with its stored prefix and sha256 hash (packages/api key-format). */
function apiKeyMaterial(): { rawKey: string; prefix: string; keyHash: string } {
  const id = randomBytes(6).toString("base64url").replace(/[-_]/g, "x").slice(0, 8);
  const prefix = `adc_${id}`;
  const rawKey = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { rawKey, prefix, keyHash: createHash("sha256").update(rawKey).digest("hex") };
}

/**
 * Fills a database migrated up to (not including) WORKSPACES_MIGRATION with what production
 * held then, through plain SQL on the old schema: four people (Clerk and local sign-in ids,
 * one with nothing), accounts in every status (tokens sealed with `encryptFor` under the
 * account-row contexts, erased ones null), the same Amazon user connected by two people,
 * profiles in every region with DSP advertisers (a profile id beyond 2^53), API keys of every
 * kind (pre-scopes defaults, narrowed permissions, account lists, future and past expiry,
 * revoked), audit events of every type (one whose account was purged), pending, expired and
 * consumed OAuth states, and a row in each table that belongs to nobody.
 */
export async function seedPreWorkspacesData(
  client: Queryable,
  encryptFor: EncryptFor,
): Promise<PreWorkspacesData> {
  const now = new Date();
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const q = (sql: string, values: unknown[] = []) => client.query(sql, values);

  const ada = "user_2pQ7wLkN3ZfYbXc9R1sTuV8mAda";
  const ben = "user_local_6b0f3c9d2e1a4f5b8c7d";
  const cyd = "user_2pQ7wLkN3ZfYbXc9R1sTuV8mCyd";
  const dee = "user_2pQ7wLkN3ZfYbXc9R1sTuV8mDee";
  const people: [string, string, string | null][] = [
    [ada, "ada@example.com", "Ada Lovelace"],
    [ben, "ben@example.com", "Ben Okafor"],
    [cyd, "cyd@example.com", null],
    [dee, "dee@example.com", "Dee Nothing-Yet"],
  ];
  for (const [i, [id, email, name]] of people.entries()) {
    await q(
      `INSERT INTO users (id, email, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
      [id, email, name, ago((30 - i) * DAY_MS)],
    );
  }

  const accounts: SeededAccount[] = [];
  async function account(
    ownerId: string,
    amazonUserId: string,
    status: SeededAccount["status"],
    extra: {
      consecutiveFailures?: number;
      lastError?: [string, string];
      disconnectedAt?: Date;
    } = {},
  ): Promise<string> {
    const id = randomUUID();
    const live = status === "active" || status === "refresh_failing";
    const refreshToken = live ? `Atzr|${randomBytes(24).toString("base64url")}` : null;
    const accessToken = live ? `Atza|${randomBytes(24).toString("base64url")}` : null;
    const seal = (kind: string, secret: string | null) =>
      secret === null ? null : encryptFor(`amazon_account:${id}:${kind}`, secret);
    await q(
      `INSERT INTO amazon_accounts (id, owner_id, amazon_user_id, amazon_name, amazon_email, consent_region,
         status, refresh_token_ciphertext, access_token_ciphertext, access_token_expires_at, consented_at,
         last_refreshed_at, consecutive_failures, last_error_code, last_error_message, last_error_at,
         disconnected_at, scopes, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'NA', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $10, $18)`,
      [
        id,
        ownerId,
        amazonUserId,
        `${amazonUserId.slice(-4)} Seller`,
        `${amazonUserId.slice(-4).toLowerCase()}@sellers.example`,
        status,
        seal("refresh_token", refreshToken),
        seal("access_token", accessToken),
        live ? new Date(now.getTime() + 3_000_000) : null,
        ago(20 * DAY_MS),
        live ? ago(600_000) : null,
        extra.consecutiveFailures ?? 0,
        extra.lastError?.[0] ?? null,
        extra.lastError?.[1] ?? null,
        extra.lastError ? ago(60_000) : null,
        extra.disconnectedAt ?? null,
        ["advertising::campaign_management", "profile"],
        ago(1_000),
      ],
    );
    accounts.push({ id, ownerId, amazonUserId, status, refreshToken, accessToken });
    return id;
  }

  const adaActive = await account(ada, "amzn1.account.AFSAMSELLER", "active");
  const adaFailing = await account(ada, "amzn1.account.AFVERAVENDOR", "refresh_failing", {
    consecutiveFailures: 3,
    lastError: ["server_error", "Amazon answered 503 three times"],
  });
  const adaReauth = await account(ada, "amzn1.account.AFNADIANONE", "reauth_required", {
    lastError: ["invalid_grant", "The refresh token was revoked"],
  });
  const adaGone = await account(ada, "amzn1.account.AFOLDGRANT", "disconnected", {
    disconnectedAt: ago(2 * DAY_MS),
  });
  const benAgency = await account(ben, "amzn1.account.AFADAAGENCY", "active");
  // The same Amazon user connected by two people: two rows, one in each personal workspace.
  const benSeller = await account(ben, "amzn1.account.AFSAMSELLER", "refresh_failing", {
    consecutiveFailures: 1,
    lastError: ["timeout", "Amazon did not answer within 10000 ms"],
  });

  async function profile(
    accountId: string,
    profileId: string,
    region: "NA" | "EU" | "FE",
    countryCode: string,
    type: "seller" | "vendor" | "agency",
  ): Promise<string> {
    const id = randomUUID();
    await q(
      `INSERT INTO advertising_profiles (id, account_id, profile_id, region, country_code, currency_code,
         timezone, marketplace_string_id, account_info_type, account_info_name, account_info_id,
         account_info_sub_type, last_synced_at, created_at)
       VALUES ($1, $2, $3::bigint, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
      [
        id,
        accountId,
        profileId,
        region,
        countryCode,
        { NA: "USD", EU: "EUR", FE: "JPY" }[region],
        { NA: "America/Los_Angeles", EU: "Europe/Paris", FE: "Asia/Tokyo" }[region],
        `ATVPDKIKX0DER${countryCode}`,
        type,
        type === "agency" ? "Ada Agency" : null,
        `ENTITY${profileId.slice(-6)}`,
        type === "vendor" ? "KDP_AUTHOR" : null,
        ago(3_600_000),
      ],
    );
    return id;
  }
  await profile(adaActive, "1234567890123", "NA", "US", "seller");
  await profile(adaActive, "1234567890124", "NA", "CA", "seller");
  await profile(adaActive, "2234567890123", "EU", "UK", "seller");
  await profile(adaFailing, "3234567890123", "FE", "JP", "vendor");
  await profile(adaGone, "4234567890123", "NA", "US", "seller");
  const agencyNa = await profile(benAgency, "9007199254740993", "NA", "US", "agency");
  const agencyEu = await profile(benAgency, "9007199254740995", "EU", "DE", "agency");
  await profile(benSeller, "1234567890123", "NA", "US", "seller");
  for (const [profileId, advertisers] of [
    [agencyNa, 3],
    [agencyEu, 2],
  ] as const) {
    for (let i = 0; i < advertisers; i++) {
      await q(
        `INSERT INTO dsp_advertisers (id, profile_id, advertiser_id, name, currency, country, timezone, url, last_synced_at)
         VALUES ($1, $2, $3, $4, 'USD', 'US', 'America/New_York', $5, $6)`,
        [
          randomUUID(),
          profileId,
          `58000${i}${advertisers}12345`,
          `Advertiser ${i + 1}`,
          i === 0 ? null : `https://brand${i}.example`,
          ago(3_600_000),
        ],
      );
    }
  }

  const apiKeys: SeededApiKey[] = [];
  async function apiKey(
    userId: string,
    name: string,
    scope: {
      permissions?: string[];
      accountIds?: string[];
      expiresAt?: Date;
      revokedAt?: Date;
      lastUsedAt?: Date;
    },
    expected: ExpectedKeyLookup,
  ): Promise<void> {
    const id = randomUUID();
    const { rawKey, prefix, keyHash } = apiKeyMaterial();
    // A key made before scopes existed has no permissions/account_ids written: the columns' defaults.
    const columns = ["id", "user_id", "name", "prefix", "key_hash", "created_at"];
    const values: unknown[] = [id, userId, name, prefix, keyHash, ago(10 * DAY_MS)];
    const optional: [string, unknown][] = [
      ["permissions", scope.permissions],
      ["account_ids", scope.accountIds],
      ["expires_at", scope.expiresAt],
      ["revoked_at", scope.revokedAt],
      ["last_used_at", scope.lastUsedAt],
    ];
    for (const [column, value] of optional) {
      if (value === undefined) continue;
      columns.push(column);
      values.push(value);
    }
    await q(
      `INSERT INTO api_keys (${columns.join(", ")}) VALUES (${values.map((_, i) => `$${i + 1}`).join(", ")})`,
      values,
    );
    apiKeys.push({ id, userId, name, rawKey, expected });
  }
  const inAMonth = new Date(now.getTime() + 30 * DAY_MS);
  const yesterday = ago(DAY_MS);
  await apiKey(
    ada,
    "reporting (made before scopes)",
    { lastUsedAt: ago(5 * DAY_MS) },
    { status: "active", permissions: ALL_PERMISSIONS, accountIds: null, expiresAt: null },
  );
  await apiKey(
    ada,
    "catalog reader",
    { permissions: ["accounts:read"], accountIds: [] },
    { status: "active", permissions: ["accounts:read"], accountIds: null, expiresAt: null },
  );
  await apiKey(
    ada,
    "bidder, one account",
    { permissions: ["tokens:read", "ads:proxy"], accountIds: [adaActive], expiresAt: inAMonth },
    {
      status: "active",
      permissions: ["tokens:read", "ads:proxy"],
      accountIds: [adaActive],
      expiresAt: inAMonth,
    },
  );
  await apiKey(
    ada,
    "two accounts",
    { permissions: ALL_PERMISSIONS, accountIds: [adaActive, adaFailing] },
    {
      status: "active",
      permissions: ALL_PERMISSIONS,
      accountIds: [adaActive, adaFailing],
      expiresAt: null,
    },
  );
  await apiKey(
    ada,
    "trial, expired",
    { permissions: ALL_PERMISSIONS, expiresAt: yesterday },
    { status: "expired", expiredAt: yesterday },
  );
  await apiKey(
    ada,
    "leaked, revoked",
    { permissions: ALL_PERMISSIONS, revokedAt: ago(3 * DAY_MS) },
    { status: "invalid" },
  );
  await apiKey(
    ben,
    "agency sync",
    { permissions: ["accounts:read", "tokens:read"], accountIds: [benAgency, benSeller] },
    {
      status: "active",
      permissions: ["accounts:read", "tokens:read"],
      accountIds: [benAgency, benSeller],
      expiresAt: null,
    },
  );
  await apiKey(
    ben,
    "expired and revoked",
    { expiresAt: ago(2 * DAY_MS), revokedAt: ago(DAY_MS) },
    { status: "invalid" },
  );
  await apiKey(
    cyd,
    "before any account",
    { permissions: ["ads:proxy"], accountIds: [], expiresAt: inAMonth },
    { status: "active", permissions: ["ads:proxy"], accountIds: null, expiresAt: inAMonth },
  );

  // Every event type, the ones about a key carrying no account.
  const events: [string, string, string | null, object][] = [
    [ada, "account_connected", adaActive, { region: "NA", profiles: 3 }],
    [ada, "account_reconnected", adaReauth, { region: "NA" }],
    [ada, "account_disconnected", adaGone, {}],
    [ada, "token_refreshed", adaActive, { expiresAt: now.toISOString() }],
    [ada, "token_refresh_failed", adaFailing, { code: "server_error", attempt: 3 }],
    [ada, "reauth_required", adaReauth, { code: "invalid_grant" }],
    [ada, "recovered", adaFailing, { after: 2 }],
    [ada, "profiles_synced", adaActive, { added: 1, removed: 0, advertisers: 0 }],
    [ada, "consent_expiring", adaActive, { consentedAt: ago(20 * DAY_MS).toISOString() }],
    [ada, "api_key_created", null, { apiKeyId: apiKeys[0]!.id, prefix: "adc_x", name: "r" }],
    [ada, "api_key_revoked", null, { apiKeyId: apiKeys[5]!.id }],
    // Its account was purged after its retention: the event stays, its account_id set null.
    [ada, "account_disconnected", null, { amazonUserId: "amzn1.account.AFPURGED" }],
    [ben, "account_connected", benAgency, { region: "NA", profiles: 2 }],
    [ben, "profiles_synced", benAgency, { added: 2, removed: 0, advertisers: 5 }],
    [ben, "token_refresh_failed", benSeller, { code: "timeout" }],
    [cyd, "api_key_created", null, { apiKeyId: apiKeys[8]!.id }],
  ];
  for (const [i, [userId, type, accountId, details]] of events.entries()) {
    await q(
      `INSERT INTO audit_events (id, user_id, account_id, type, details, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        randomUUID(),
        userId,
        accountId,
        type,
        JSON.stringify(details),
        ago((events.length - i) * 60_000),
      ],
    );
  }

  const oauthStates: SeededOAuthState[] = [];
  for (const [userId, expiresAt, consumedAt] of [
    [cyd, new Date(now.getTime() + 540_000), null],
    [ada, ago(3_600_000), null],
    [ben, ago(60_000), ago(500_000)],
  ] as const) {
    const id = randomUUID();
    const stateHash = createHash("sha256")
      .update(randomBytes(32).toString("base64url"))
      .digest("hex");
    const codeVerifier = randomBytes(32).toString("base64url");
    await q(
      `INSERT INTO oauth_states (id, state_hash, user_id, region, code_verifier_ciphertext, expires_at, consumed_at, created_at)
       VALUES ($1, $2, $3, 'EU', $4, $5, $6, $7)`,
      [
        id,
        stateHash,
        userId,
        encryptFor(`oauth_state:${stateHash}:code_verifier`, codeVerifier),
        expiresAt,
        consumedAt,
        new Date(expiresAt.getTime() - 600_000),
      ],
    );
    oauthStates.push({ id, userId, stateHash, codeVerifier });
  }

  // Tables that belong to nobody: they must come through untouched.
  await q(
    `INSERT INTO person_erasures (id, user_id_hash, source, counts, erased_at) VALUES
       ($1, $2, 'clerk_webhook', '{"accounts": 2, "profiles": 5, "advertisers": 0, "apiKeys": 1, "oauthStates": 0, "auditEvents": 9}', $4),
       ($3, $2, 'dashboard', '{"accounts": 0, "profiles": 0, "advertisers": 0, "apiKeys": 0, "oauthStates": 0, "auditEvents": 0}', $5)`,
    [
      randomUUID(),
      createHash("sha256").update("user_2pQ7wLkN3ZfYbXc9R1sTuV8mGone").digest("hex"),
      randomUUID(),
      ago(7 * DAY_MS),
      ago(DAY_MS),
    ],
  );
  await q(
    `INSERT INTO local_sessions (id, user_id, created_at, expires_at) VALUES
       ($1, $2, $3, $4), ($5, 'user_local_0000000000000000first', $3, $4)`,
    [
      `sess_${randomBytes(12).toString("hex")}`,
      ben,
      ago(3_600_000),
      new Date(now.getTime() + 7 * DAY_MS),
      `sess_${randomBytes(12).toString("hex")}`,
    ],
  );
  await q(`INSERT INTO webhook_deliveries (svix_id, received_at) VALUES ('msg_2pQ7wLkN3Zf', $1)`, [
    ago(3_600_000),
  ]);
  await q(
    `INSERT INTO worker_heartbeats (worker_id, hostname, pid, started_at, beat_at) VALUES ('worker-1', 'worker-7f9c', 42, $1, $2)`,
    [ago(DAY_MS), ago(5_000)],
  );
  await q(
    `INSERT INTO rate_limits (key, points, expire) VALUES ($1, 17, $2), ('badApiKeyPerIp:203.0.113.9', 3, $2)`,
    [`apiKey:${apiKeys[0]!.id}`, now.getTime() + 60_000],
  );
  await q(
    `INSERT INTO token_refresh_outcomes (account_id, verdict, created_at) VALUES
       ($1, 'accepted', $4), ($2, 'erased', $4), ($3, 'held', $4)`,
    [adaActive, adaReauth, benSeller, ago(600_000)],
  );

  return {
    userIds: people.map(([id]) => id),
    accounts,
    apiKeys,
    oauthStates,
    now,
  };
}
