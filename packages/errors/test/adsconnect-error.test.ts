import { describe, expect, it } from "vitest";

import { AdsConnectError, ERROR_KINDS, isAdsConnectError } from "../src/index";

class WidgetMissingError extends AdsConnectError {
  override readonly name = "WidgetMissingError";
  constructor(readonly widgetId: string) {
    super("not_found", "You have no widget with that id.", { details: { widgetId } });
  }
}

describe("AdsConnectError", () => {
  it("carries its kind, its message, an optional cause and safe details", () => {
    const cause = new Error("connect ECONNREFUSED");
    const error = new AdsConnectError("unavailable", "Try again in a minute.", {
      cause,
      details: { accountId: "a1", attempts: 3 },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: "AdsConnectError",
      kind: "unavailable",
      message: "Try again in a minute.",
      details: { accountId: "a1", attempts: 3 },
    });
    expect(error.cause).toBe(cause);
  });

  it("has no cause or details unless given", () => {
    const error = new AdsConnectError("internal", "Broken.");
    expect("cause" in error).toBe(false);
    expect(error.details).toBeUndefined();
  });

  it("keeps a subclass's name and fields, and is still one for isAdsConnectError", () => {
    const error = new WidgetMissingError("w1");
    expect(error).toBeInstanceOf(AdsConnectError);
    expect(isAdsConnectError(error)).toBe(true);
    expect(error).toMatchObject({ name: "WidgetMissingError", kind: "not_found", widgetId: "w1" });
    expect(String(error)).toBe("WidgetMissingError: You have no widget with that id.");
  });

  it("is not what any other error is", () => {
    expect(isAdsConnectError(new Error("x"))).toBe(false);
    expect(isAdsConnectError({ kind: "not_found", message: "x" })).toBe(false);
  });

  it("has a closed list of kinds", () => {
    expect([...ERROR_KINDS].sort()).toEqual([
      "forbidden",
      "internal",
      "invalid_input",
      "limit_reached",
      "needs_reconnect",
      "not_found",
      "rate_limited",
      "unauthorized",
      "unavailable",
    ]);
  });
});
