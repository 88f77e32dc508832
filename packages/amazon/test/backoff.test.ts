import { describe, expect, it } from "vitest";
import { readErrorBody, retryAfterFrom } from "../src/error-response";
import { redact } from "../src/redact";
import { retryDelayMs } from "../src/retry";

const policy = { baseDelayMs: 100, maxDelayMs: 1000 };

describe("retryDelayMs", () => {
  it("draws from [0, base·2^(attempt−1)), capped at maxDelayMs (full jitter)", () => {
    const top = { ...policy, random: () => 0.999999 };
    expect(retryDelayMs(1, null, top)).toBe(99);
    expect(retryDelayMs(2, null, top)).toBe(199);
    expect(retryDelayMs(4, null, top)).toBe(799);
    expect(retryDelayMs(5, null, top)).toBe(999);
    expect(retryDelayMs(30, null, top)).toBe(999);
    expect(retryDelayMs(3, null, { ...policy, random: () => 0 })).toBe(0);
  });

  it("uses Retry-After instead, capped at maxDelayMs", () => {
    const random = () => 0.5;
    expect(retryDelayMs(1, 0, { ...policy, random })).toBe(0);
    expect(retryDelayMs(1, 1, { ...policy, random })).toBe(1000);
    expect(retryDelayMs(3, 60, { ...policy, random })).toBe(1000);
  });
});

describe("reading Amazon's error answers", () => {
  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterFrom(new Headers({ "retry-after": "5" }), now)).toBe(5);
    expect(
      retryAfterFrom(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:09 GMT" }), now),
    ).toBe(9);
    expect(
      retryAfterFrom(new Headers({ "retry-after": "Wed, 31 Dec 2025 00:00:00 GMT" }), now),
    ).toBe(0);
    expect(retryAfterFrom(new Headers({ "retry-after": "soon" }), now)).toBeNull();
    expect(retryAfterFrom(new Headers(), now)).toBeNull();
  });

  it("reads the LwA, classic and DSP error shapes", () => {
    expect(readErrorBody('{"error":"invalid_grant","error_description":"bad code"}')).toEqual({
      code: "invalid_grant",
      description: "bad code",
      bodyRequestId: null,
    });
    expect(
      readErrorBody('{"code":"UNAUTHORIZED","details":"Not authorized","requestId":"R1"}'),
    ).toEqual({
      code: "UNAUTHORIZED",
      description: "Not authorized",
      bodyRequestId: "R1",
    });
    expect(
      readErrorBody(
        '{"message":"Bad Request","requestId":"R2","errors":[{"errorType":"ENTITY_NOT_SUPPORTED","field":"f","message":"not a DSP entity"}]}',
      ),
    ).toEqual({
      code: "ENTITY_NOT_SUPPORTED",
      description: "not a DSP entity",
      bodyRequestId: "R2",
    });
    expect(readErrorBody('{"code":400}')).toMatchObject({ code: "400" });
    expect(readErrorBody("<html>oops</html>")).toEqual({
      code: null,
      description: null,
      bodyRequestId: null,
    });
  });

  it("cuts secrets and anything shaped like an LwA token out of quoted text", () => {
    expect(redact("token Atzr|IwEBIabc-def_123 was echoed", [])).toBe(
      "token [redacted token] was echoed",
    );
    expect(redact("secret amzn1.oa2-cs.v1.xyz here", ["amzn1.oa2-cs.v1.xyz"])).toBe(
      "secret [redacted] here",
    );
    expect(redact("x".repeat(400), []).length).toBeLessThanOrEqual(301);
  });
});
