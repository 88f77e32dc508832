import { describe, expect, it } from "vitest";

import { FernetKey, InvalidTokenError, decryptToken, encryptToken } from "../src/fernet";
import { readVectors, unixSeconds } from "./support/vectors";

const generate = readVectors("generate.json");
const verify = readVectors("verify.json");
const invalid = readVectors("invalid.json");

describe("Fernet spec vectors", () => {
  it("ships all three vector files with the expected number of cases", () => {
    expect(generate).toHaveLength(1);
    expect(verify).toHaveLength(1);
    expect(invalid).toHaveLength(8);
  });

  it.each(generate)("generates exactly the spec's token for $src at $now", (vector) => {
    const token = encryptToken(FernetKey.parse(vector.secret), Buffer.from(vector.src, "utf8"), {
      iv: Uint8Array.from(vector.iv),
      timestampSeconds: unixSeconds(vector.now),
    });
    expect(token).toBe(vector.token);
  });

  it.each(verify)("verifies the spec's token at $now with a $ttl_sec s TTL", (vector) => {
    const plaintext = decryptToken(FernetKey.parse(vector.secret), vector.token, {
      ttlSeconds: vector.ttl_sec,
      nowSeconds: unixSeconds(vector.now),
    });
    expect(plaintext.toString("utf8")).toBe(vector.src);
  });

  it.each(invalid)("rejects the spec's invalid token: $desc", (vector) => {
    const open = () =>
      decryptToken(FernetKey.parse(vector.secret), vector.token, {
        ttlSeconds: vector.ttl_sec,
        nowSeconds: unixSeconds(vector.now),
      });
    expect(open).toThrow(InvalidTokenError);
  });
});
