import { execFileSync } from "node:child_process";

import { beforeAll, describe, expect, it } from "vitest";

import { InvalidTokenError, generateFernetKey } from "../src/index";
import { vaultFrom } from "./support/vaults";

/**
 * Interop with the reference implementation, pyca/cryptography, through
 * Debian's python3-cryptography. Missing Python must fail these tests, not
 * skip them: CI installs the package, and a silent skip would hide a broken
 * interop path.
 */
const PYTHON = "/usr/bin/python3";

/** Runs a Python snippet that reads JSON from stdin as `data`; returns its stdout. */
function python(script: string, data: unknown): string {
  const program = `import json, sys\ndata = json.load(sys.stdin)\n${script}`;
  return execFileSync(PYTHON, ["-c", program], { input: JSON.stringify(data), encoding: "utf8" });
}

const CONTEXT = "amazon_account:6f1c2f0e-7a8b-4c1d-9e2f-0a1b2c3d4e5f:refresh_token";
const SECRET = "Atzr|IwEBIJ-example-refresh-token-ünïcode";

describe("interop with Python's cryptography.fernet", () => {
  beforeAll(() => {
    try {
      python("from cryptography.fernet import Fernet, MultiFernet", {});
    } catch (error) {
      throw new Error(
        `${PYTHON} cannot import cryptography.fernet; install it with ` +
          "`apt-get update && apt-get install -y python3-cryptography`",
        { cause: error },
      );
    }
  });

  it("decrypts a token Python made (a legacy unbound value)", () => {
    const key = generateFernetKey();
    const token = python(
      "from cryptography.fernet import Fernet\n" +
        "print(Fernet(data['key']).encrypt(data['secret'].encode()).decode(), end='')",
      { key, secret: SECRET },
    );
    const vault = vaultFrom([key]);
    expect(vault.decrypt(token)).toBe(SECRET);
    expect(vault.decryptFor(CONTEXT, token, { allowLegacy: true })).toBe(SECRET);
  });

  it("makes tokens Python decrypts, within Python's TTL and clock-skew checks", () => {
    const key = generateFernetKey();
    const token = vaultFrom([key]).encrypt(SECRET);
    const opened = python(
      "from cryptography.fernet import Fernet\n" +
        "print(Fernet(data['key']).decrypt(data['token'], ttl=60).decode(), end='')",
      { key, token },
    );
    expect(opened).toBe(SECRET);
  });

  it("makes bound tokens that Python opens and unframes as documented", () => {
    const key = generateFernetKey();
    const token = vaultFrom([key]).encryptFor(CONTEXT, SECRET);
    const opened = python(
      "from cryptography.fernet import Fernet\n" +
        "payload = Fernet(data['key']).decrypt(data['token'])\n" +
        "assert payload[0:2] == b'\\x00\\x01', payload[0:2]\n" +
        "n = int.from_bytes(payload[2:4], 'big')\n" +
        "print(json.dumps([payload[4:4 + n].decode(), payload[4 + n:].decode()]), end='')",
      { key, token },
    );
    expect(JSON.parse(opened)).toEqual([CONTEXT, SECRET]);
  });

  it("rotates a Python token off an old key into one Python reads with only the new key", () => {
    const [newKey, oldKey] = [generateFernetKey(), generateFernetKey()];
    const oldToken = python(
      "from cryptography.fernet import Fernet\n" +
        "print(Fernet(data['key']).encrypt(data['secret'].encode()).decode(), end='')",
      { key: oldKey, secret: SECRET },
    );
    const ring = vaultFrom([newKey, oldKey]);
    expect(ring.needsRotation(oldToken)).toBe(true);
    const rotated = ring.rotate(oldToken);
    const result = python(
      "from cryptography.fernet import Fernet\n" +
        "f = Fernet(data['key'])\n" +
        "same_time = f.extract_timestamp(data['rotated']) == Fernet(data['old']).extract_timestamp(data['original'])\n" +
        "print(json.dumps([f.decrypt(data['rotated']).decode(), same_time]), end='')",
      { key: newKey, old: oldKey, rotated, original: oldToken },
    );
    expect(JSON.parse(result)).toEqual([SECRET, true]);
  });

  it("rejects what Python's MultiFernet rotated away from our keys", () => {
    const [ours, theirs] = [generateFernetKey(), generateFernetKey()];
    const token = vaultFrom([ours]).encrypt(SECRET);
    const rotated = python(
      "from cryptography.fernet import Fernet, MultiFernet\n" +
        "print(MultiFernet([Fernet(data['theirs']), Fernet(data['ours'])]).rotate(data['token']).decode(), end='')",
      { ours, theirs, token },
    );
    expect(() => vaultFrom([ours]).decrypt(rotated)).toThrow(InvalidTokenError);
    expect(vaultFrom([theirs]).decrypt(rotated)).toBe(SECRET);
  });
});
