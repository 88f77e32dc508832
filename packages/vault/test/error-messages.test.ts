import { inspect } from "node:util";

import { describe, expect, it } from "vitest";

import { InvalidTokenError } from "../src/index";
import { tamper, vaultWithKeys } from "./support/vaults";

const CONTEXT = "amazon_account:6f1c2f0e-7a8b-4c1d-9e2f-0a1b2c3d4e5f:refresh_token";
const SECRET = "Atzr|IwEBIJ-do-not-leak-me";

/** Every way a decryption can fail, collected as the thrown errors. */
function collectFailures() {
  const { vault, keyTexts } = vaultWithKeys(1);
  const { vault: stranger } = vaultWithKeys(1);
  const bound = vault.encryptFor(CONTEXT, SECRET);
  const plain = vault.encrypt(SECRET);
  const attempts: Array<() => unknown> = [
    () => stranger.decryptFor(CONTEXT, bound),
    () => vault.decryptFor(`${CONTEXT}:other`, bound),
    () => vault.decryptFor(CONTEXT, plain),
    () => vault.decrypt(bound),
    () => vault.decrypt(tamper(plain, (bytes) => void (bytes[40] = (bytes[40] ?? 0) ^ 1))),
    () => vault.decrypt(`${plain.slice(0, 10)}%${plain.slice(11)}`),
    () => stranger.rotate(plain),
    () => stranger.keyIndexFor(plain),
  ];
  const errors = attempts.map((attempt) => {
    try {
      attempt();
    } catch (error) {
      return error;
    }
    throw new Error("expected the attempt to fail");
  });
  return { errors, material: [SECRET, bound, plain, ...keyTexts] };
}

describe("decryption errors", () => {
  it("are all the one InvalidTokenError with the same fixed message", () => {
    const { errors } = collectFailures();
    for (const error of errors) expect(error).toBeInstanceOf(InvalidTokenError);
    expect(new Set(errors.map((error) => (error as Error).message)).size).toBe(1);
  });

  it("never carry the secret, the token or the key, even in their stack or when printed", () => {
    const { errors, material } = collectFailures();
    for (const error of errors) {
      const printed = `${inspect(error)}\n${(error as Error).stack ?? ""}\n${JSON.stringify(error)}`;
      for (const value of material) {
        expect(printed).not.toContain(value);
        expect(printed).not.toContain(value.slice(5, 20));
      }
      expect((error as Error).cause).toBeUndefined();
    }
  });
});
