import { Writable } from "node:stream";

import { describe, expect, it } from "vitest";

import { createLogger, currentRequestId, requestIdFrom, withRequestId } from "../src/index";

describe("request ids", () => {
  it("keeps a well-formed incoming id and replaces anything else with a uuid", () => {
    expect(requestIdFrom("abc-DEF_1.2:3")).toBe("abc-DEF_1.2:3");
    for (const given of [undefined, null, "", "short", "with space x", "x".repeat(129), ["a", "b"]])
      expect(requestIdFrom(given)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("puts the current request's id on every log line written in its work, and none outside", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger(
      "test",
      {},
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          callback();
        },
      }),
    );
    logger.info("before");
    await withRequestId("request-0001", async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(currentRequestId()).toBe("request-0001");
      logger.child({ part: "inner" }).info("inside");
    });
    logger.info("after");
    expect(lines.map((line) => [line.msg, line.requestId])).toEqual([
      ["before", undefined],
      ["inside", "request-0001"],
      ["after", undefined],
    ]);
  });
});
