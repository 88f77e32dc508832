import { describe, expect, it } from "vitest";

import {
  activityHref,
  activityInput,
  parseActivityFilters,
} from "../src/components/activity/activity-filters";
import { describeActivity } from "../src/components/activity/activity-meta";
import { connectOutcome } from "../src/components/accounts/connect-outcome";
import { daysSince, formatCountdown, formatRelative } from "../src/components/time/format";

const ACCOUNT = "0190f3f6-5a4b-7c3d-8e9f-0123456789ab";

describe("times", () => {
  const now = Date.UTC(2026, 0, 10, 12);
  it("counts down to an expiry in minutes and seconds, then hours, then days, never below zero", () => {
    expect(formatCountdown(59 * 60_000 + 12_000)).toBe("59m 12s");
    expect(formatCountdown(2 * 3_600_000 + 5 * 60_000)).toBe("2h 05m");
    expect(formatCountdown(3 * 86_400_000 + 4 * 3_600_000)).toBe("3d 4h");
    expect(formatCountdown(-5000)).toBe("0m 00s");
  });
  it("says how long ago, and reads an event a few seconds ahead of the page's clock as just now", () => {
    expect(formatRelative(now - 3 * 60_000, now)).toBe("3 min ago");
    expect(formatRelative(now + 2 * 3_600_000, now)).toBe("in 2 h");
    expect(formatRelative(now - 5 * 86_400_000, now)).toBe("5 days ago");
    expect(formatRelative(now + 20_000, now, { past: true })).toBe("just now");
  });
  it("counts whole days of consent", () => {
    expect(daysSince(now - 330 * 86_400_000 - 1000, now)).toBe(330);
  });
});

describe("activity filters in the address", () => {
  it("keeps a valid account id and known types, in the filter's order, and drops the rest", () => {
    expect(
      parseActivityFilters({
        account: ACCOUNT.toUpperCase(),
        type: "reauth_required,nonsense,account_connected",
      }),
    ).toEqual({
      accountId: ACCOUNT,
      types: ["account_connected", "reauth_required"],
    });
    expect(parseActivityFilters({ account: "../../etc", type: "" })).toEqual({});
  });
  it("round-trips through the address and feeds the query", () => {
    const filters = { accountId: ACCOUNT, types: ["token_refreshed" as const] };
    expect(activityHref(filters)).toBe(`/activity?account=${ACCOUNT}&type=token_refreshed`);
    expect(activityHref({})).toBe("/activity");
    expect(activityInput(filters)).toEqual({
      limit: 25,
      accountId: ACCOUNT,
      types: ["token_refreshed"],
    });
  });
});

describe("what a person reads", () => {
  it("describes the connect outcome from codes only, and shows a request id only when it looks like one", () => {
    expect(connectOutcome({ connect: "cancelled" })).toMatchObject({
      kind: "info",
      title: "Connection cancelled at Amazon. Nothing was saved.",
    });
    expect(
      connectOutcome({ connect: "failed", reason: "expired_state", requestId: "abc-123" }),
    ).toMatchObject({
      kind: "error",
      description: expect.stringMatching(/10 minutes.*abc-123/),
    });
    expect(
      connectOutcome({ connect: "failed", reason: "<script>", requestId: "<b>x</b>" })?.description,
    ).toBe("The connection failed. Try again.");
    expect(connectOutcome({})).toBeNull();
  });
  it("tells a person whose connection could not be saved that nothing was saved and to connect again", () => {
    for (const reason of ["save_failed", "unexpected"]) {
      expect(connectOutcome({ connect: "failed", reason })).toMatchObject({
        kind: "error",
        description: expect.stringMatching(/connect (the account|it) again/i),
      });
    }
    expect(connectOutcome({ connect: "failed", reason: "save_failed" })?.description).toMatch(
      /nothing was saved/i,
    );
  });
  it("summarises an event from the details it knows, ignoring anything else", () => {
    expect(
      describeActivity("account_connected", {
        profiles: 4,
        advertisers: 240,
        consentRegion: "EU",
        failedRegions: ["FE"],
      }),
    ).toBe("4 profiles, 240 DSP advertisers · via the EU consent page · FE not reached");
    expect(
      describeActivity("token_refresh_failed", { kind: "rate_limited", consecutiveFailures: 3 }),
    ).toBe("Amazon: rate limited · 3 failures in a row");
    expect(
      describeActivity("api_key_created", {
        name: "reporting",
        prefix: "adc_AbCd1234",
        keyHash: "never shown",
      }),
    ).toBe("“reporting” · adc_AbCd1234");
    expect(describeActivity("token_refreshed", { accessToken: "Atza|secret" })).toBeNull();
  });
});
