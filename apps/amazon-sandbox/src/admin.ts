/**
 * `/__sandbox/*`: the admin API for tests and benchmarks. JSON in and out, validated with zod;
 * every endpoint calls the same controls the library object exposes (see controls.ts).
 */
import { z } from "zod";
import type { SandboxControls } from "./controls";
import { readBody, sendJson, type RequestContext } from "./http";
import { GENERATED_AGENCY_LIMITS } from "./seed";

const count = z.number().int().min(1).max(1_000_000).optional();
const retryAfterSeconds = z.number().int().min(0).max(86_400).optional();
const grantType = z.enum(["authorization_code", "refresh_token"]).optional();

export const tokenFailureSchema = z.strictObject({
  count,
  status: z.union([z.literal(500), z.literal(503), z.literal(429), z.literal(400)]),
  retryAfterSeconds,
  userId: z.string().min(1).optional(),
  refreshToken: z.string().min(1).optional(),
  grantType,
});

export const tokenHangSchema = z.strictObject({
  count,
  durationMs: z.number().int().min(1).max(3_600_000).optional(),
  userId: z.string().min(1).optional(),
  refreshToken: z.string().min(1).optional(),
  grantType,
});

export const tokenChaosSchema = z.strictObject({
  rate: z.number().min(0).max(1),
  kinds: z
    .array(z.enum(["server_error", "rate_limited", "timeout", "drop"]))
    .min(1)
    .optional(),
  retryAfterSeconds,
  timeoutMs: z.number().int().min(1).max(3_600_000).optional(),
});

export const adsEndpointSchema = z.enum([
  "profiles",
  "dspAdvertisers",
  "userProfile",
  "spCampaigns",
  "reportCreate",
  "reportStatus",
  "reportDownload",
]);

export const adsFailureSchema = z.strictObject({
  count,
  status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
  retryAfterSeconds,
  endpoint: adsEndpointSchema.optional(),
  /** An Amazon path after the region, e.g. `/sp/campaigns/list`; a trailing `*` is a prefix. */
  path: z.string().startsWith("/").max(2048).optional(),
  region: z.enum(["na", "eu", "fe"]).optional(),
});

export const downloadAbortSchema = z.strictObject({
  count,
  afterBytes: z.number().int().min(0).optional(),
});

export const reportFailureSchema = z.strictObject({
  count,
  failureReason: z.string().min(1).max(1000).optional(),
});

export const latencySchema = z.strictObject({
  tokenMs: z.number().int().min(0).max(600_000).optional(),
  adsMs: z.number().int().min(0).max(600_000).optional(),
  downloadMs: z.number().int().min(0).max(600_000).optional(),
});

export const reportSettingsSchema = z.strictObject({
  processingMs: z.number().int().min(0).max(3_600_000).optional(),
  /** Exact size of the .json.gz download; null = the report's natural size. */
  downloadBytes: z
    .number()
    .int()
    .min(64)
    .max(8 * 1024 ** 3)
    .nullable()
    .optional(),
  urlLifetimeSeconds: z.number().int().min(1).max(604_800).optional(),
});

export const requestsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

export const revokeSchema = z.union([
  z.strictObject({ userId: z.string().min(1) }),
  z.strictObject({ refreshToken: z.string().min(1) }),
]);

export const expireSchema = z.union([
  z.strictObject({ accessToken: z.string().min(1) }),
  z.strictObject({ userId: z.string().min(1) }),
  z.strictObject({ refreshToken: z.string().min(1) }),
]);

export const grantsSchema = z.strictObject({
  count: z.number().int().min(1).max(100_000).default(1),
  /** Default: "advertising::campaign_management profile". */
  scope: z.string().min(1).optional(),
  /** A seeded user to mint grants for; default: one new synthetic user per grant. */
  userId: z.string().min(1).optional(),
});

export const generatedAgencySchema = z
  .strictObject({
    profiles: z.number().int().min(0).max(GENERATED_AGENCY_LIMITS.profiles),
    advertisers: z.number().int().min(0).max(GENERATED_AGENCY_LIMITS.advertisers),
    agencyProfiles: z.number().int().min(0).max(GENERATED_AGENCY_LIMITS.profiles).optional(),
    oversizedProfileIds: z
      .number()
      .int()
      .min(0)
      .max(GENERATED_AGENCY_LIMITS.oversizedProfileIds)
      .optional(),
  })
  .refine(
    (o) => (o.agencyProfiles ?? Math.ceil(o.profiles / 10)) <= o.profiles,
    "agencyProfiles cannot exceed profiles",
  )
  .refine(
    (o) => o.advertisers === 0 || (o.agencyProfiles ?? Math.ceil(o.profiles / 10)) > 0,
    "advertisers need at least one agency profile",
  );

class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super("admin error");
  }
}

async function parse<T>(ctx: RequestContext, schema: z.ZodType<T>): Promise<T> {
  const raw = (await readBody(ctx.req, 1024 * 1024)).trim();
  let json: unknown;
  try {
    json = raw === "" ? {} : JSON.parse(raw);
  } catch {
    throw new AdminError(400, { error: "invalid_json", message: "The body is not valid JSON." });
  }
  return validate(json, schema);
}

function validate<T>(json: unknown, schema: z.ZodType<T>): T {
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new AdminError(400, {
      error: "invalid_admin_request",
      issues: result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return result.data;
}

type Route = (ctx: RequestContext) => Promise<unknown> | unknown;

function routes(controls: SandboxControls): Record<string, Route> {
  return {
    "GET /__sandbox/health": () => controls.health(),
    "GET /__sandbox/users": () => ({ users: controls.describeUsers() }),
    "POST /__sandbox/users/agency": async (ctx) =>
      controls.createGeneratedAgency(await parse(ctx, generatedAgencySchema)),
    "GET /__sandbox/counters": () => controls.counters(),
    "POST /__sandbox/reset": () => {
      controls.reset();
      return { ok: true };
    },
    "GET /__sandbox/faults": () => controls.faults(),
    "DELETE /__sandbox/faults": () => {
      controls.clearFaults();
      return controls.faults();
    },
    "POST /__sandbox/faults/token": async (ctx) => {
      controls.failTokenCalls(await parse(ctx, tokenFailureSchema));
      return controls.faults();
    },
    "POST /__sandbox/faults/token-hang": async (ctx) => {
      controls.hangTokenCalls(await parse(ctx, tokenHangSchema));
      return controls.faults();
    },
    "POST /__sandbox/faults/token-chaos": async (ctx) => {
      controls.setTokenChaos(await parse(ctx, tokenChaosSchema));
      return controls.faults();
    },
    "POST /__sandbox/faults/ads": async (ctx) => {
      controls.failAdsCalls(await parse(ctx, adsFailureSchema));
      return controls.faults();
    },
    "POST /__sandbox/faults/download-abort": async (ctx) => {
      controls.abortDownloads(await parse(ctx, downloadAbortSchema));
      return controls.faults();
    },
    "POST /__sandbox/faults/report-failure": async (ctx) => {
      controls.failReports(await parse(ctx, reportFailureSchema));
      return controls.faults();
    },
    "POST /__sandbox/latency": async (ctx) => {
      controls.setLatency(await parse(ctx, latencySchema));
      return controls.faults().latency;
    },
    "GET /__sandbox/reports/settings": () => controls.reportSettings(),
    "POST /__sandbox/reports/settings": async (ctx) =>
      controls.setReportSettings(await parse(ctx, reportSettingsSchema)),
    "GET /__sandbox/requests": (ctx) => {
      const { limit } = validate(Object.fromEntries(ctx.url.searchParams), requestsQuerySchema);
      return { requests: controls.requests(limit) };
    },
    "DELETE /__sandbox/requests": () => {
      controls.clearRequests();
      return { ok: true };
    },
    "POST /__sandbox/revoke": async (ctx) => {
      const input = await parse(ctx, revokeSchema);
      if ("userId" in input) {
        controls.revokeUser(input.userId);
        return { revoked: true, userId: input.userId };
      }
      const userId = controls.revokeRefreshToken(input.refreshToken);
      if (!userId)
        throw new AdminError(400, {
          error: "unknown_refresh_token",
          message: "Not a sandbox refresh token.",
        });
      return { revoked: true, userId };
    },
    "POST /__sandbox/expire-access-token": async (ctx) => {
      const input = await parse(ctx, expireSchema);
      if ("userId" in input) {
        controls.expireAccessTokensOfUser(input.userId);
        return { expired: true, userId: input.userId };
      }
      if ("refreshToken" in input) {
        const userId = controls.expireAccessTokensOfGrant(input.refreshToken);
        if (!userId) {
          throw new AdminError(400, {
            error: "unknown_refresh_token",
            message: "Not a sandbox refresh token.",
          });
        }
        return { expired: true, userId };
      }
      if (!controls.expireAccessToken(input.accessToken)) {
        throw new AdminError(400, {
          error: "unknown_access_token",
          message: "Not a sandbox access token.",
        });
      }
      return { expired: true };
    },
    "POST /__sandbox/grants": async (ctx) => {
      const input = await parse(ctx, grantsSchema);
      try {
        return { grants: controls.mintGrants(input) };
      } catch (error) {
        throw new AdminError(400, {
          error: "invalid_admin_request",
          message: (error as Error).message,
        });
      }
    },
  };
}

export function createAdminHandler(controls: SandboxControls) {
  const table = routes(controls);
  return async (ctx: RequestContext): Promise<void> => {
    const route = table[`${ctx.req.method ?? ""} ${ctx.url.pathname}`];
    if (!route) {
      return sendJson(ctx, 404, {
        error: "not_found",
        message: `No admin route ${ctx.req.method} ${ctx.url.pathname}`,
      });
    }
    try {
      sendJson(ctx, 200, await route(ctx), { "cache-control": "no-store" });
    } catch (error) {
      if (error instanceof AdminError) return sendJson(ctx, error.status, error.body);
      throw error;
    }
  };
}
