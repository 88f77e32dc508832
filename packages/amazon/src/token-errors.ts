import type { AmazonErrorKind } from "./errors";
import type { Verdict } from "./error-response";

export type TokenGrant = "authorization_code" | "refresh_token";

function kindOf(status: number, code: string | null): AmazonErrorKind {
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server_error";
  // Amazon answers these with 400/401, but the error code says more than the status does.
  if (code === "invalid_grant") return "invalid_grant";
  if (code === "invalid_client" || status === 401) return "invalid_client";
  if (code === "server_error" || code === "temporarily_unavailable") return "server_error";
  if (status >= 400 && status <= 499) return "bad_request";
  return "server_error";
}

/** How a token endpoint failure reads, per grant: who must act, and how. */
export function judgeTokenFailure(grant: TokenGrant) {
  return (status: number, code: string | null): Verdict => {
    const kind = kindOf(status, code);
    return { kind, advice: advice(kind, grant, code) };
  };
}

function advice(kind: AmazonErrorKind, grant: TokenGrant, code: string | null): string {
  switch (kind) {
    case "invalid_grant":
      return grant === "authorization_code"
        ? "The code is wrong, expired (codes live 5 minutes), already used, or was issued for another redirect URI or PKCE verifier; start the connection again."
        : "The refresh token was revoked (the person removed the app at amazon.com/ap/adam) or is unknown; the person must connect their Amazon account again.";
    case "invalid_client":
      return "Amazon does not accept our client id or secret; an operator must check AMAZON_CLIENT_ID and AMAZON_CLIENT_SECRET.";
    case "rate_limited":
      return "Login with Amazon is throttling us; try again later.";
    case "server_error":
      return "Login with Amazon failed on its side; try again later.";
    default:
      return code === "unauthorized_client"
        ? "Amazon does not allow this app to use this grant; an operator must check the app's Login with Amazon settings."
        : "Amazon refused the request as malformed; this is a bug or a misconfiguration on our side (check the redirect URI and scopes).";
  }
}
