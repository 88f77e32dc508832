/**
 * `/{region}/auth/o2/token`: Login with Amazon's token endpoint, as strict as Amazon's.
 *
 * Order of work for every call: read the body, count it, apply a hang fault, wait out the
 * configured latency, apply a failure fault, then validate and answer. Faults therefore hit
 * well-formed and malformed calls alike, as an overloaded Amazon would.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { issueAccessToken, mintRefreshToken, type SandboxCore } from "./core";
import { delay, header, readBody, sendJson, type RequestContext } from "./http";
import { findUser } from "./seed";
import type { TokenChaosKind, TokenFailureFault, TokenGrantType } from "./state";

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

function oauthError(
  ctx: RequestContext,
  status: number,
  error: string,
  description: string,
  headers: Record<string, string | number> = {},
): void {
  sendJson(ctx, status, { error, error_description: description }, { ...NO_STORE, ...headers });
}

const missing = (ctx: RequestContext, name: string) =>
  oauthError(ctx, 400, "invalid_request", `The request is missing a required parameter : ${name}`);
const invalidGrant = (ctx: RequestContext, name: string) =>
  oauthError(ctx, 400, "invalid_grant", `The request has an invalid grant parameter : ${name}`);

function sendFailure(ctx: RequestContext, fault: TokenFailureFault): void {
  if (fault.status === 400) return invalidGrant(ctx, "refresh_token");
  const retryAfter = fault.retryAfterSeconds ?? (fault.status === 429 ? 1 : undefined);
  const headers: Record<string, number> =
    retryAfter === undefined ? {} : { "retry-after": retryAfter };
  if (fault.status === 500) {
    return oauthError(
      ctx,
      500,
      "server_error",
      "The authorization server encountered an unexpected error.",
      headers,
    );
  }
  const description =
    fault.status === 429
      ? "Rate exceeded. Retry later."
      : "The service is temporarily unavailable. Retry later.";
  return oauthError(ctx, fault.status, "temporarily_unavailable", description, headers);
}

function sendChaos(core: SandboxCore, ctx: RequestContext, kind: TokenChaosKind): void {
  const chaos = core.state.tokenChaos;
  switch (kind) {
    case "server_error":
      return sendFailure(ctx, { status: 500 });
    case "rate_limited":
      return sendFailure(ctx, { status: 429, retryAfterSeconds: chaos?.retryAfterSeconds ?? 1 });
    case "timeout":
      return hang(core, ctx, chaos?.timeoutMs ?? 30_000);
    case "drop":
      ctx.req.socket.destroy();
      return;
  }
}

/** Holds the request open, never answering; drops the connection on reset(), close() or after durationMs. */
function hang(core: SandboxCore, ctx: RequestContext, durationMs: number | undefined): void {
  let timer: NodeJS.Timeout | undefined;
  const forget = () => {
    core.state.hung.delete(drop);
    if (timer) clearTimeout(timer);
  };
  const drop = () => {
    forget();
    ctx.req.socket.destroy();
  };
  core.state.hung.add(drop);
  if (durationMs !== undefined) timer = setTimeout(drop, durationMs);
  ctx.res.on("close", forget);
}

function parseBasic(value: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(value ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  // RFC 6749 section 2.3.1: both halves are form-urlencoded before they are joined.
  const unescape = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
  try {
    return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export async function handleToken(core: SandboxCore, ctx: RequestContext): Promise<void> {
  const { state, config } = core;
  if (ctx.req.method !== "POST") {
    return oauthError(ctx, 405, "invalid_request", "The token endpoint only accepts POST.", {
      allow: "POST",
    });
  }
  const raw = await readBody(ctx.req);
  const contentType = (ctx.req.headers["content-type"] ?? "").toLowerCase();
  const isForm = contentType.startsWith("application/x-www-form-urlencoded");
  const form = new URLSearchParams(isForm ? raw : "");
  const grantParam = form.get("grant_type");
  const grantType: TokenGrantType | undefined =
    grantParam === "authorization_code" || grantParam === "refresh_token" ? grantParam : undefined;
  state.counters.token[grantType ?? "other"] += 1;

  if (grantType) {
    const refreshToken =
      grantType === "refresh_token" ? (form.get("refresh_token") ?? undefined) : undefined;
    const userId = refreshToken
      ? core.codec.verifyRefresh(refreshToken)?.uid
      : state.codes.get(form.get("code") ?? "")?.userId;
    const call = {
      grantType,
      ...(userId ? { userId } : {}),
      ...(refreshToken ? { refreshToken } : {}),
    };
    const hangFault = state.takeTokenHang(call);
    if (hangFault) return hang(core, ctx, hangFault.durationMs);
    await delay(state.latency.tokenMs, core.timers);
    const failure = state.takeTokenFailure(call);
    if (failure) return sendFailure(ctx, failure);
    const chaos = state.takeTokenChaos();
    if (chaos) return sendChaos(core, ctx, chaos);
  } else {
    await delay(state.latency.tokenMs, core.timers);
  }

  if (!isForm) {
    return oauthError(
      ctx,
      400,
      "invalid_request",
      "The Content-Type must be application/x-www-form-urlencoded.",
    );
  }

  // Client authentication: HTTP Basic or client_id + client_secret in the form, never both.
  const basic = parseBasic(header(ctx, "authorization"));
  if (basic && form.has("client_secret")) {
    return oauthError(
      ctx,
      400,
      "invalid_request",
      "The request uses more than one client authentication method.",
    );
  }
  const clientId = basic?.id ?? form.get("client_id");
  const clientSecret = basic?.secret ?? form.get("client_secret");
  if (!clientId) return missing(ctx, "client_id");
  const formClientId = form.get("client_id");
  if (
    clientId !== config.clientId ||
    clientSecret === null ||
    !sameSecret(clientSecret, config.clientSecret) ||
    (basic && formClientId !== null && formClientId !== basic.id)
  ) {
    return oauthError(
      ctx,
      401,
      "invalid_client",
      "Client authentication failed",
      basic ? { "www-authenticate": 'Basic realm="amazon"' } : {},
    );
  }

  if (grantParam === null) return missing(ctx, "grant_type");
  if (grantType === "authorization_code") return exchangeCode(core, ctx, form, clientId);
  if (grantType === "refresh_token") return refresh(core, ctx, form, clientId);
  return oauthError(
    ctx,
    400,
    "unsupported_grant_type",
    "The authorization grant type is not supported by the authorization server",
  );
}

function exchangeCode(
  core: SandboxCore,
  ctx: RequestContext,
  form: URLSearchParams,
  clientId: string,
): void {
  const code = form.get("code");
  if (!code) return missing(ctx, "code");
  const redirectUri = form.get("redirect_uri");
  if (!redirectUri) return missing(ctx, "redirect_uri");
  const record = core.state.codes.get(code);
  if (!record || record.clientId !== clientId) return invalidGrant(ctx, "code");
  if (record.redeemed) {
    // RFC 6749 section 4.1.2: a code used twice revokes what was issued from it.
    core.state.revokedGrants.add(record.grantId);
    return invalidGrant(ctx, "code");
  }
  // Single use: the first attempt burns the code, even if a later check fails.
  record.redeemed = true;
  if (record.expiresAt <= core.config.clock.now()) return invalidGrant(ctx, "code");
  if (record.redirectUri !== redirectUri) return invalidGrant(ctx, "redirect_uri");
  if (record.codeChallenge !== undefined) {
    const verifier = form.get("code_verifier");
    if (!verifier) return invalidGrant(ctx, "code_verifier");
    const derived =
      record.codeChallengeMethod === "S256"
        ? createHash("sha256").update(verifier).digest("base64url")
        : verifier;
    if (derived !== record.codeChallenge) return invalidGrant(ctx, "code_verifier");
  }
  const { claims, refreshToken } = mintRefreshToken(core, {
    userId: record.userId,
    scope: record.scope,
    clientId,
    grantId: record.grantId,
  });
  sendJson(ctx, 200, issueAccessToken(core, claims, refreshToken), NO_STORE);
}

function refresh(
  core: SandboxCore,
  ctx: RequestContext,
  form: URLSearchParams,
  clientId: string,
): void {
  const refreshToken = form.get("refresh_token");
  if (!refreshToken) return missing(ctx, "refresh_token");
  const claims = core.codec.verifyRefresh(refreshToken);
  if (
    !claims ||
    claims.cid !== clientId ||
    core.state.isRefreshRevoked(claims) ||
    !findUser(claims.uid)
  ) {
    return invalidGrant(ctx, "refresh_token");
  }
  // Amazon answers a refresh with the same refresh token.
  sendJson(ctx, 200, issueAccessToken(core, claims, refreshToken), NO_STORE);
}
