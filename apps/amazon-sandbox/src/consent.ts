/**
 * `/{region}/ap/oa`: Login with Amazon's consent page (GET) and its form submit (POST).
 *
 * Checks run in Amazon's order: an unknown client or a return URL that is not allowed gets an
 * error page (HTTP 400) and no redirect, since the return URL cannot be trusted; every later
 * problem is reported to the return URL as an OAuth error.
 */
import { randomBytes } from "node:crypto";
import { ADS_SCOPE, KNOWN_SCOPES, type SandboxCore } from "./core";
import { escapeHtml, readBody, redirect, sendHtml, type RequestContext } from "./http";
import { newId } from "./tokens";
import { findConsentUser, SEEDED_USERS, type Region } from "./seed";

interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  scope: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod: "S256" | "plain";
}

type Checked =
  | { kind: "ok"; params: AuthorizeParams }
  | { kind: "page"; title: string; message: string }
  | { kind: "redirect"; location: string };

const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

function errorRedirect(
  redirectUri: string,
  error: string,
  description: string,
  state?: string,
): string {
  const url = new URL(redirectUri);
  url.searchParams.set("error", error);
  url.searchParams.set("error_description", description);
  if (state !== undefined) url.searchParams.set("state", state);
  return url.toString();
}

function check(core: SandboxCore, p: URLSearchParams): Checked {
  const clientId = p.get("client_id") ?? "";
  if (clientId !== core.config.clientId) {
    return { kind: "page", title: "Unknown client", message: "An unknown client_id was provided." };
  }
  const redirectUri = p.get("redirect_uri") ?? "";
  if (!core.config.allowedRedirectUris.has(redirectUri)) {
    return {
      kind: "page",
      title: "Invalid return URL",
      message: "The redirect URI you provided has not been whitelisted for your application.",
    };
  }
  const state = p.get("state") ?? undefined;
  const fail = (error: string, description: string): Checked => ({
    kind: "redirect",
    location: errorRedirect(redirectUri, error, description, state),
  });

  const responseType = p.get("response_type");
  if (!responseType)
    return fail("invalid_request", "The request is missing a required parameter : response_type");
  if (responseType !== "code") {
    return fail(
      "unsupported_response_type",
      "The authorization server does not support this response type",
    );
  }
  const scopes = (p.get("scope") ?? "").split(" ").filter(Boolean);
  if (scopes.length === 0)
    return fail("invalid_scope", "The request is missing a required parameter : scope");
  const unknown = scopes.find((s) => !KNOWN_SCOPES.has(s));
  if (unknown) return fail("invalid_scope", `An unknown scope was requested : ${unknown}`);
  if (!scopes.includes(ADS_SCOPE)) {
    return fail("invalid_scope", `The application must request the ${ADS_SCOPE} scope`);
  }

  const codeChallenge = p.get("code_challenge") ?? undefined;
  const method = p.get("code_challenge_method") ?? undefined;
  if (method !== undefined && method !== "S256" && method !== "plain") {
    return fail("invalid_request", "The request has an invalid parameter : code_challenge_method");
  }
  if (method !== undefined && codeChallenge === undefined) {
    return fail("invalid_request", "The request is missing a required parameter : code_challenge");
  }
  if (codeChallenge !== undefined && !PKCE_VALUE.test(codeChallenge)) {
    return fail("invalid_request", "The request has an invalid parameter : code_challenge");
  }

  return {
    kind: "ok",
    params: {
      clientId,
      redirectUri,
      scope: [...new Set(scopes)].join(" "),
      ...(state === undefined ? {} : { state }),
      ...(codeChallenge === undefined ? {} : { codeChallenge }),
      codeChallengeMethod: method ?? "plain",
    },
  };
}

export async function handleConsent(
  core: SandboxCore,
  ctx: RequestContext,
  region: Region,
): Promise<void> {
  if (ctx.req.method === "GET") {
    core.state.counters.consent.page += 1;
    const checked = check(core, ctx.url.searchParams);
    if (checked.kind === "page")
      return sendHtml(ctx, 400, errorPage(checked.title, checked.message, ctx.requestId));
    if (checked.kind === "redirect") return redirect(ctx, checked.location);
    return sendHtml(ctx, 200, consentPage(region, ctx.url.searchParams, checked.params));
  }
  if (ctx.req.method === "POST") {
    const type = ctx.req.headers["content-type"] ?? "";
    if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      return sendHtml(
        ctx,
        400,
        errorPage("Bad request", "The form could not be read.", ctx.requestId),
      );
    }
    const form = new URLSearchParams(await readBody(ctx.req));
    const checked = check(core, form);
    if (checked.kind === "page")
      return sendHtml(ctx, 400, errorPage(checked.title, checked.message, ctx.requestId));
    if (checked.kind === "redirect") return redirect(ctx, checked.location);
    const { params } = checked;

    if (form.get("decision") === "cancel") {
      core.state.counters.consent.cancel += 1;
      return redirect(
        ctx,
        errorRedirect(
          params.redirectUri,
          "access_denied",
          "The user denied the request.",
          params.state,
        ),
      );
    }
    if (form.get("decision") !== "allow") {
      return sendHtml(ctx, 400, consentPage(region, form, params, "Choose Allow or Cancel."));
    }
    const user = findConsentUser(form.get("user") ?? "");
    if (!user) {
      return sendHtml(
        ctx,
        400,
        consentPage(region, form, params, "Choose the Amazon account to sign in with."),
      );
    }
    core.state.counters.consent.allow += 1;
    const code = `AN${randomBytes(15).toString("base64url")}`;
    const now = core.config.clock.now();
    core.state.pruneCodes(now);
    core.state.codes.set(code, {
      userId: user.userId,
      clientId: params.clientId,
      redirectUri: params.redirectUri,
      scope: params.scope,
      ...(params.codeChallenge === undefined ? {} : { codeChallenge: params.codeChallenge }),
      codeChallengeMethod: params.codeChallengeMethod,
      expiresAt: now + core.config.codeLifetimeSeconds * 1000,
      grantId: newId(),
      redeemed: false,
    });
    const location = new URL(params.redirectUri);
    location.searchParams.set("code", code);
    location.searchParams.set("scope", params.scope);
    if (params.state !== undefined) location.searchParams.set("state", params.state);
    return redirect(ctx, location.toString());
  }
  return sendHtml(ctx, 405, errorPage("Method not allowed", "Use GET or POST.", ctx.requestId));
}

const STYLE = `
  body { font-family: Arial, Helvetica, sans-serif; background: #f3f3f3; color: #111; margin: 0; }
  main { max-width: 28rem; margin: 2rem auto; background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 1.5rem; }
  .brand { font-weight: bold; font-size: 1.4rem; margin: 0 0 1rem; }
  .brand span { color: #c45500; font-size: 0.8rem; font-weight: normal; margin-left: 0.4rem; }
  h1 { font-size: 1.25rem; margin: 0 0 0.5rem; }
  ul { padding-left: 1.2rem; }
  fieldset { border: 1px solid #ddd; border-radius: 6px; margin: 1rem 0; padding: 0.5rem 0.75rem; }
  legend { font-weight: bold; padding: 0 0.25rem; }
  label { display: block; padding: 0.4rem 0; cursor: pointer; }
  .email { color: #555; font-size: 0.9rem; }
  .actions { display: flex; gap: 0.75rem; margin-top: 1rem; }
  button { font-size: 1rem; padding: 0.5rem 1.25rem; border-radius: 6px; border: 1px solid #888; background: #fff; cursor: pointer; }
  button.primary { background: #ffd814; border-color: #fcd200; }
  button:focus-visible, input:focus-visible { outline: 3px solid #007185; outline-offset: 2px; }
  .error { color: #b12704; font-weight: bold; }
  .meta { color: #555; font-size: 0.8rem; margin-top: 1.5rem; word-break: break-all; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="brand" aria-label="Amazon sandbox">amazon<span>sandbox</span></p>
${body}
</main>
</body>
</html>`;
}

function errorPage(title: string, message: string, requestId: string): string {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p class="error" role="alert">${escapeHtml(message)}</p>
<p>We're sorry, the application could not be signed in. Tell its developer about this error.</p>
<p class="meta">Request id: ${escapeHtml(requestId)}</p>`,
  );
}

const SCOPE_TEXT: Record<string, string> = {
  "advertising::campaign_management": "Manage your Amazon Ads campaigns and read their reports",
  profile: "Your name and email address",
  "profile:user_id": "Your Amazon user id",
  postal_code: "Your postal code",
};

function consentPage(
  region: Region,
  raw: URLSearchParams,
  params: AuthorizeParams,
  error?: string,
): string {
  const chosen = raw.get("user") ?? SEEDED_USERS[0]?.userId;
  const hidden = [
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
  ]
    .filter((name) => raw.get(name) !== null)
    .map(
      (name) => `<input type="hidden" name="${name}" value="${escapeHtml(raw.get(name) ?? "")}">`,
    )
    .join("\n");
  const users = SEEDED_USERS.map((u, i) => {
    const id = `user-${i}`;
    const checked = u.userId === chosen ? " checked" : "";
    return `<label for="${id}"><input type="radio" name="user" id="${id}" value="${escapeHtml(u.userId)}"${checked}> ${escapeHtml(u.name)} <span class="email">${escapeHtml(u.email)}</span></label>`;
  }).join("\n");
  const scopes = params.scope
    .split(" ")
    .map((s) => `<li>${escapeHtml(SCOPE_TEXT[s] ?? s)}</li>`)
    .join("");
  return layout(
    "Amazon sandbox: sign in and allow access",
    `<h1>Allow access to your Amazon Ads account?</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<p>The application <strong>${escapeHtml(params.clientId)}</strong> asks to:</p>
<ul>${scopes}</ul>
<form method="post" action="/${region}/ap/oa">
${hidden}
<fieldset>
<legend>Sign in as</legend>
${users}
</fieldset>
<div class="actions">
<button type="submit" name="decision" value="allow" id="allow" class="primary">Allow</button>
<button type="submit" name="decision" value="cancel" id="cancel">Cancel</button>
</div>
</form>
<p class="meta">Returns to ${escapeHtml(params.redirectUri)}</p>`,
  );
}
