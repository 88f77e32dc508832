// Browser-safe (no Node imports): the web app shows these for a reason code.

export type ConnectionFailure =
  | "missing_state"
  | "unknown_state"
  | "expired_state"
  | "used_state"
  | "amazon_error"
  | "code_rejected"
  | "amazon_unavailable"
  | "misconfigured"
  | "save_failed"
  | "not_allowed"
  | "wrong_amazon_user"
  | "unexpected";

/** What a person reads when a connection fails, and what to do about it. */
export const CONNECTION_FAILURE_MESSAGES: Record<ConnectionFailure, string> = {
  missing_state: "That link is incomplete. Start the connection again from your accounts page.",
  unknown_state:
    "That connection link is not yours or no longer exists. Start the connection again from your accounts page.",
  expired_state:
    "The connection took longer than 10 minutes. Start it again from your accounts page.",
  used_state:
    "That connection link was already used. Start a new connection from your accounts page.",
  amazon_error: "Amazon could not complete the connection.",
  code_rejected:
    "Amazon did not accept the sign-in (it may have expired). Start the connection again.",
  amazon_unavailable:
    "Amazon is not answering right now. Nothing was saved; try again in a few minutes.",
  misconfigured:
    "adsconnect's Amazon app credentials are not valid. Ask an administrator to check AMAZON_CLIENT_ID and AMAZON_CLIENT_SECRET.",
  save_failed:
    "Amazon accepted the connection, but adsconnect could not save it. Nothing was saved; connect the account again from your accounts page.",
  not_allowed:
    "You can no longer connect this account in that workspace: you left it, or your role there changed. Nothing was saved; ask one of its admins.",
  wrong_amazon_user:
    "You signed in to Amazon as a different user than the one this account belongs to. Nothing changed; reconnect it signed in to Amazon as the account's user.",
  unexpected:
    "Something went wrong on adsconnect's side and the account was not connected. Connect it again from your accounts page.",
};

export function isConnectionFailure(value: unknown): value is ConnectionFailure {
  return typeof value === "string" && Object.hasOwn(CONNECTION_FAILURE_MESSAGES, value);
}
