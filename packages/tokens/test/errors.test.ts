import { AdsConnectError } from "@adsconnect/errors";
import { describe, expect, it } from "vitest";

import {
  AccessTokenUnavailableError,
  AccountNeedsReconnectError,
  AccountNotFoundError,
  TokenRefreshFailedError,
} from "../src/errors";

const ACCOUNT = "0190c3d2-0000-7000-8000-000000000001";

describe("token errors", () => {
  it("are AdsConnectErrors, each with the kind the API maps to its code", () => {
    const errors: [AdsConnectError, string][] = [
      [new AccountNotFoundError(), "not_found"],
      [new AccountNeedsReconnectError(ACCOUNT, "reauth_required"), "needs_reconnect"],
      [new AccountNeedsReconnectError(ACCOUNT, "disconnected"), "needs_reconnect"],
      [new AccessTokenUnavailableError(ACCOUNT, 7), "unavailable"],
      [new TokenRefreshFailedError(ACCOUNT, "server_error", true, null, 1), "unavailable"],
      [new TokenRefreshFailedError(ACCOUNT, "rate_limited", true, 7, 2), "unavailable"],
      [new TokenRefreshFailedError(ACCOUNT, "invalid_client", false, null, 1), "internal"],
      [new TokenRefreshFailedError(ACCOUNT, "bad_request", false, null, 1), "internal"],
    ];
    for (const [error, kind] of errors) {
      expect(error).toBeInstanceOf(AdsConnectError);
      expect(error.kind, error.name).toBe(kind);
    }
  });

  it("say what to do in words a caller can pass on, naming no token", () => {
    expect(new AccountNotFoundError().message).toBe("You have no Amazon account with that id.");
    expect(new AccountNeedsReconnectError(ACCOUNT, "reauth_required").message).toMatch(
      /ask the account's owner to reconnect it/,
    );
    expect(new AccessTokenUnavailableError(ACCOUNT, null).message).toMatch(/try again in a minute/);
  });

  it("keep what Amazon answered on a failed refresh as amazonKind", () => {
    const cause = new Error("503");
    const error = new TokenRefreshFailedError(ACCOUNT, "server_error", true, 4, 3, { cause });
    expect(error).toMatchObject({
      name: "TokenRefreshFailedError",
      kind: "unavailable",
      amazonKind: "server_error",
      retryable: true,
      retryAfterSeconds: 4,
      consecutiveFailures: 3,
    });
    expect(error.cause).toBe(cause);
  });
});
