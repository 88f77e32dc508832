import { Writable } from "node:stream";

import { describe, expect, it } from "vitest";

import { createLogger } from "../src/index";

function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { lines, logger: createLogger("test", { level: "debug" }, stream) };
}

describe("createLogger", () => {
  it("replaces token, secret and key values at any depth with [redacted]", () => {
    const { lines, logger } = captureLogger();
    logger.info(
      {
        accessToken: "Atza|secret-access",
        refresh_token: "Atzr|secret-refresh",
        request: { headers: { authorization: "Bearer Atza|header-secret" }, client_secret: "cs-1" },
        account: { apiKey: "adc_live_key" },
        accountId: "kept-visible",
      },
      "refreshed",
    );
    const output = lines.join("");
    for (const secret of [
      "secret-access",
      "secret-refresh",
      "header-secret",
      "cs-1",
      "adc_live_key",
    ]) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain("[redacted]");
    expect(output).toContain("kept-visible");
  });

  it("tags every line with the service name", () => {
    const { lines, logger } = captureLogger();
    logger.info("hello");
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ service: "test", msg: "hello" });
  });
});
