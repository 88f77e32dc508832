// The fixed endpoint names that label metrics and log lines: never a URL, a host or an id.
import { describe, expect, it } from "vitest";

import { endpointName } from "../src";

describe("endpointName", () => {
  it.each([
    ["https://api.amazon.com/auth/o2/token", "lwa_token"],
    ["https://api.amazon.co.uk/auth/o2/token", "lwa_token"],
    ["https://api.amazon.com/user/profile", "lwa_user_profile"],
    ["https://advertising-api.amazon.com/v2/profiles", "ads_profiles"],
    [
      "https://advertising-api-eu.amazon.com/dsp/advertisers?startIndex=100&count=100",
      "dsp_advertisers",
    ],
    ["http://127.0.0.1:4599/fe/auth/o2/token", "lwa_token"],
    ["https://advertising-api.amazon.com/v2/profiles/4400000000000000101", "other"],
    ["not a url", "other"],
  ])("%s is %s", (url, name) => {
    expect(endpointName(url)).toBe(name);
  });
});
