/** Login with Amazon: the consent URL, the code exchange and the refresh. */
import { z } from "zod";
import type { ClientContext } from "./config";
import { resolveEndpoints } from "./endpoints";
import { AmazonError } from "./errors";
import { sendOnce } from "./http";
import { parseBody } from "./parse-body";
import { AMAZON_SCOPE, type AmazonRegion } from "./regions";
import { withRetry } from "./retry";
import { errorFromResponse } from "./error-response";
import { judgeTokenFailure, type TokenGrant } from "./token-errors";

export interface TokenSet {
  accessToken: string;
  /** null when Amazon's answer carried none (keep the stored one). */
  refreshToken: string | null;
  /** When the request was sent + expires_in, so it errs on the early side. */
  expiresAt: Date;
  /** From the `scope` field when present, else []. */
  scopes: string[];
}

const TokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().nullish(),
  token_type: z.string(),
  expires_in: z.coerce.number().positive(),
  scope: z.string().optional(),
});

export function buildAuthorizationUrl(
  ctx: ClientContext,
  input: { region: AmazonRegion; state: string; codeChallenge: string },
): string {
  const url = new URL(resolveEndpoints(input.region, ctx.baseUrlTemplate).consentUrl);
  url.searchParams.set("client_id", ctx.clientId);
  url.searchParams.set("scope", AMAZON_SCOPE);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("redirect_uri", ctx.redirectUri);
  url.searchParams.set("state", input.state);
  url.searchParams.set("code_challenge", input.codeChallenge);
  // Amazon reads a missing method as "plain", which would send the verifier itself.
  url.searchParams.set("code_challenge_method", "S256");
  return url.toString();
}

/**
 * Never retried: a code is single use, so a second try fails anyway, and (RFC 6749 §4.1.2) may
 * revoke the tokens the first try was issued.
 */
export async function exchangeCode(
  ctx: ClientContext,
  input: { region: AmazonRegion; code: string; codeVerifier: string },
): Promise<TokenSet> {
  const form = {
    grant_type: "authorization_code",
    code: input.code,
    redirect_uri: ctx.redirectUri,
    client_id: ctx.clientId,
    client_secret: ctx.clientSecret,
    code_verifier: input.codeVerifier,
  };
  const operation = `Login with Amazon code exchange (${input.region})`;
  const secrets = [input.code, input.codeVerifier, ctx.clientSecret];
  try {
    return await postToken(ctx, input.region, form, operation, "authorization_code", secrets);
  } catch (error) {
    if (error instanceof AmazonError) error.attempts = 1;
    throw error;
  }
}

/** Retried like a read: Amazon's refresh tokens do not rotate, so repeating one is harmless. */
export function refreshAccessToken(
  ctx: ClientContext,
  input: { region: AmazonRegion; refreshToken: string },
): Promise<TokenSet> {
  const form = {
    grant_type: "refresh_token",
    refresh_token: input.refreshToken,
    client_id: ctx.clientId,
    client_secret: ctx.clientSecret,
  };
  const operation = `Login with Amazon token refresh (${input.region})`;
  const secrets = [input.refreshToken, ctx.clientSecret];
  return withRetry(ctx.retry, () =>
    postToken(ctx, input.region, form, operation, "refresh_token", secrets),
  );
}

async function postToken(
  ctx: ClientContext,
  region: AmazonRegion,
  form: Record<string, string>,
  operation: string,
  grant: TokenGrant,
  secrets: readonly string[],
): Promise<TokenSet> {
  const sentAt = Date.now();
  const res = await sendOnce(ctx.http, {
    method: "POST",
    url: resolveEndpoints(region, ctx.baseUrlTemplate).tokenUrl,
    headers: {
      "content-type": "application/x-www-form-urlencoded;charset=UTF-8",
      accept: "application/json",
    },
    body: new URLSearchParams(form).toString(),
    operation,
  });
  if (res.status < 200 || res.status > 299) {
    throw errorFromResponse(res, operation, secrets, judgeTokenFailure(grant));
  }
  const t = parseBody(res, operation, TokenResponse, (text) => JSON.parse(text));
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token ? t.refresh_token : null,
    expiresAt: new Date(sentAt + t.expires_in * 1000),
    scopes: t.scope ? t.scope.split(/\s+/).filter(Boolean) : [],
  };
}
