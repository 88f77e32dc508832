import { describe, expect, it } from "vitest";
import { parseJsonKeepingIntegers, quoteIntegersUnderKeys } from "../src/json-bigint-safe";
import { isStorableProfileId } from "../src/profiles";

const keys = new Set(["profileId", "advertiserId"]);

describe("parseJsonKeepingIntegers", () => {
  it("keeps int64 ids that JSON.parse would round, digit for digit", () => {
    const text = '[{"profileId":4400000000000000101,"n":1},{"profileId": 9223372036854775807}]';
    expect((JSON.parse(text) as { profileId: number }[])[0]!.profileId).toBe(4400000000000000000);
    expect(parseJsonKeepingIntegers(text, keys)).toEqual([
      { profileId: "4400000000000000101", n: 1 },
      { profileId: "9223372036854775807" },
    ]);
  });

  it("leaves other keys, array elements, decimals and strings alone", () => {
    const text =
      '{"dailyBudget":25.5,"ids":[4400000000000000101],"profileId":"123","other":4400000000000000101,"e":{"profileId":1e3}}';
    expect(parseJsonKeepingIntegers(text, keys)).toEqual({
      dailyBudget: 25.5,
      ids: [4400000000000000000],
      profileId: "123",
      other: 4400000000000000000,
      e: { profileId: 1000 },
    });
  });

  it("does not rewrite text inside string values that looks like a key", () => {
    const text =
      '{"name":"a \\"profileId\\": 12 b","profileId":4400000000000000503,"x":"profileId:1"}';
    expect(parseJsonKeepingIntegers(text, keys)).toEqual({
      name: 'a "profileId": 12 b',
      profileId: "4400000000000000503",
      x: "profileId:1",
    });
  });

  it("handles whitespace around the colon, negatives and nesting", () => {
    const text = '{ "a" : { "advertiserId" :\n -42 , "profileId"\t:\t7 } }';
    expect(parseJsonKeepingIntegers(text, keys)).toEqual({
      a: { advertiserId: "-42", profileId: "7" },
    });
  });

  it("returns the same text when there is nothing to quote, and still throws on bad JSON", () => {
    const text = '{"a":[1,2,3]}';
    expect(quoteIntegersUnderKeys(text, keys)).toBe(text);
    expect(() => parseJsonKeepingIntegers("<html>", keys)).toThrow(SyntaxError);
  });
});

describe("isStorableProfileId", () => {
  it("accepts ids up to 2^63-1 and refuses larger ones, compared exactly (never as JS numbers)", () => {
    expect(isStorableProfileId("4400000000000000101")).toBe(true);
    expect(isStorableProfileId("9223372036854775807")).toBe(true);
    expect(isStorableProfileId("9223372036854775808")).toBe(false);
    expect(isStorableProfileId("18446744073709551615")).toBe(false);
    expect(isStorableProfileId("123456789012345678901")).toBe(false);
    expect(isStorableProfileId("")).toBe(false);
    expect(isStorableProfileId("-1")).toBe(false);
  });
});
