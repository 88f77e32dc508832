/**
 * The Ads API (`/{region}/v2/profiles`, `/{region}/dsp/advertisers`) and LwA's customer profile
 * (`/{region}/user/profile`).
 *
 * Error statuses follow Amazon's "Error responses" guide: 400 for a malformed request, 401 for a
 * missing or bad access token, "Scope header is missing", "No matching advertiser found for
 * scope" and "Not authorized to access scope". Exact `details` texts are the sandbox's own where
 * no Amazon text is known (README lists which).
 */
import {
  authenticateAds,
  bearerToken,
  prelude,
  resolveScope,
  validAccessToken,
} from "./ads-common";
import type { SandboxCore } from "./core";
import { header, sendClassicError, sendDspError, sendJson, type RequestContext } from "./http";
import {
  dspAdvertisersOf,
  findUser,
  type ProfileType,
  type Region,
  type SandboxProfile,
} from "./seed";

/** The public shape of a profile: everything but the sandbox's own `region` field. */
function publicProfile(p: SandboxProfile) {
  return {
    profileId: p.profileId,
    countryCode: p.countryCode,
    currencyCode: p.currencyCode,
    ...(p.dailyBudget === undefined ? {} : { dailyBudget: p.dailyBudget }),
    timezone: p.timezone,
    accountInfo: p.accountInfo,
  };
}

const PROFILE_TYPES = new Set<string>(["seller", "vendor", "agency"]);

export async function handleProfiles(
  core: SandboxCore,
  ctx: RequestContext,
  region: Region,
): Promise<void> {
  core.state.counters.profiles[region] += 1;
  const call = { endpoint: "profiles", region, path: "/v2/profiles" } as const;
  if (!(await prelude(core, ctx, call, "classic"))) return;
  const claims = authenticateAds(core, ctx, "classic");
  if (!claims) return;

  const query = ctx.url.searchParams;
  let types: Set<string> | undefined;
  const typeFilter = query.get("profileTypeFilter");
  if (typeFilter !== null) {
    const list = typeFilter
      .split(",")
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean);
    const bad = list.find((t) => !PROFILE_TYPES.has(t));
    if (bad !== undefined || list.length === 0) {
      return sendClassicError(ctx, 400, "400", `Invalid profileTypeFilter: ${typeFilter}`);
    }
    types = new Set(list);
  }
  const paymentFilter = query.get("validPaymentMethodFilter");
  if (paymentFilter !== null && paymentFilter !== "true" && paymentFilter !== "false") {
    return sendClassicError(ctx, 400, "400", `Invalid validPaymentMethodFilter: ${paymentFilter}`);
  }
  const accessLevel = query.get("accessLevel");
  if (accessLevel !== null && accessLevel !== "edit" && accessLevel !== "view") {
    return sendClassicError(ctx, 400, "400", `Invalid accessLevel: ${accessLevel}`);
  }

  const profiles = (findUser(claims.uid)?.profiles ?? []).filter(
    (p) =>
      p.region === region &&
      (types === undefined || types.has(p.accountInfo.type as ProfileType)) &&
      (paymentFilter === null ||
        (p.accountInfo.validPaymentMethod ?? false) === (paymentFilter === "true")),
  );
  sendJson(ctx, 200, profiles.map(publicProfile));
}

function parseIndex(
  value: string | null,
  fallback: number,
  min: number,
  max: number,
): number | undefined {
  if (value === null) return fallback;
  if (!/^\d{1,9}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

export async function handleDspAdvertisers(
  core: SandboxCore,
  ctx: RequestContext,
  region: Region,
): Promise<void> {
  core.state.counters.dspAdvertisers += 1;
  const call = { endpoint: "dspAdvertisers", region, path: "/dsp/advertisers" } as const;
  if (!(await prelude(core, ctx, call, "dsp"))) return;
  const claims = authenticateAds(core, ctx, "classic");
  if (!claims) return;

  const own = resolveScope(ctx, region, claims, "classic");
  if (!own) return;
  const scope = own.profileId.toString();
  if (own.accountInfo.type !== "agency" || own.accountInfo.subType === "AMAZON_ATTRIBUTION") {
    return sendDspError(ctx, 400, "Bad Request", [
      {
        errorType: "ENTITY_NOT_SUPPORTED",
        field: "Amazon-Advertising-API-Scope",
        message: `Profile ${scope} is a ${own.accountInfo.type} profile, not a DSP entity.`,
      },
    ]);
  }

  const query = ctx.url.searchParams;
  const startIndex = parseIndex(query.get("startIndex"), 0, 0, 29_900);
  if (startIndex === undefined) {
    return sendDspError(ctx, 400, "Bad Request", [
      {
        errorType: "DSP_INVALID_QUERY_PARAM",
        field: "startIndex",
        message: "startIndex must be an integer from 0 to 29900.",
      },
    ]);
  }
  const count = parseIndex(query.get("count"), 100, 1, 100);
  if (count === undefined) {
    return sendDspError(ctx, 400, "Bad Request", [
      {
        errorType: "DSP_INVALID_QUERY_PARAM",
        field: "count",
        message: "count must be an integer from 1 to 100.",
      },
    ]);
  }
  const filterParam = query.get("advertiserIdFilter");
  let filter: Set<string> | undefined;
  if (filterParam !== null && filterParam.trim() !== "") {
    const ids = filterParam.split(",").map((s) => s.trim());
    if (ids.some((id) => !/^\d+$/.test(id))) {
      return sendDspError(ctx, 422, "Validation Error", [
        {
          errorType: "DSP_INVALID_QUERY_PARAM",
          field: "advertiserIdFilter",
          message: "Each advertiserId must be a valid numeric id separated by comma.",
        },
      ]);
    }
    filter = new Set(ids);
  }

  const all = dspAdvertisersOf(findUser(claims.uid), scope);
  const matching = filter ? all.filter((a) => filter.has(a.advertiserId)) : all;
  sendJson(ctx, 200, {
    totalResults: matching.length,
    response: matching.slice(startIndex, startIndex + count),
  });
}

/** LwA's customer profile; the token may come as a bearer token, `x-amz-access-token` or `?access_token`. */
export async function handleUserProfile(
  core: SandboxCore,
  ctx: RequestContext,
  region: Region,
): Promise<void> {
  core.state.counters.userProfile += 1;
  const call = { endpoint: "userProfile", region, path: "/user/profile" } as const;
  if (!(await prelude(core, ctx, call, "lwa"))) return;
  const token =
    bearerToken(ctx) ??
    header(ctx, "x-amz-access-token") ??
    ctx.url.searchParams.get("access_token") ??
    undefined;
  if (!token) {
    return sendJson(ctx, 400, {
      error: "invalid_request",
      error_description: "The request is missing a required parameter : access_token",
    });
  }
  const claims = validAccessToken(core, token);
  const user = claims && findUser(claims.uid);
  if (!claims || !user) {
    return sendJson(
      ctx,
      401,
      {
        error: "invalid_token",
        error_description:
          "The access token provided is expired, revoked, malformed, or invalid for other reasons.",
      },
      { "www-authenticate": 'Bearer error="invalid_token"' },
    );
  }
  const scopes = claims.scp.split(" ");
  if (scopes.includes("profile")) {
    return sendJson(ctx, 200, { user_id: user.userId, name: user.name, email: user.email });
  }
  if (scopes.includes("profile:user_id")) return sendJson(ctx, 200, { user_id: user.userId });
  return sendJson(
    ctx,
    403,
    {
      error: "insufficient_scope",
      error_description: "The access token does not carry the profile scope.",
    },
    { "www-authenticate": 'Bearer error="insufficient_scope"' },
  );
}
