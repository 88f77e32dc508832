import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

const repoRoot = join(import.meta.dirname, "..", "..", "..");
const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: repoRoot, encoding: "utf8" })
  .split("\0")
  .filter(Boolean);

function read(path: string): string {
  const full = join(repoRoot, path);
  // A file deleted in the working tree but still tracked holds nothing to check.
  if (!existsSync(full) || statSync(full).size > 2_000_000) return "";
  return readFileSync(full, "utf8");
}

/** Test files may hold obviously fake tokens; no file may hold a real-looking secret. */
const isTest = (path: string) => /(^|\/)(test|e2e)\/|\.test\.ts$/.test(path);

describe("secrets in git", () => {
  it("tracks no environment files and no generated development secrets", () => {
    const offenders = tracked.filter((path) => /(^|\/)\.env(\.|$)|^\.dev\/|^\.data\//.test(path));
    expect(offenders).toEqual([]);
  });

  it("holds no private key anywhere", () => {
    const offenders = tracked.filter((path) =>
      /-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(read(path)),
    );
    expect(offenders).toEqual([]);
  });

  it("holds no live Clerk secret, no adsconnect API key and no Fernet key outside tests", () => {
    const patterns = [
      /sk_live_[A-Za-z0-9]{20,}/,
      /\badc_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}\b/,
      /\b[A-Za-z0-9_-]{43}=(?![A-Za-z0-9=])/,
    ];
    const offenders = tracked
      .filter((path) => !isTest(path) && !path.endsWith("pnpm-lock.yaml") && !path.endsWith(".sql"))
      .filter((path) => patterns.some((pattern) => pattern.test(read(path))));
    expect(offenders).toEqual([]);
  });

  it("holds no Login with Amazon token outside tests (the sandbox mints its own at run time)", () => {
    const offenders = tracked.filter(
      (path) => !isTest(path) && /Atz[ar]\|[A-Za-z0-9_-]{40,}/.test(read(path)),
    );
    expect(offenders).toEqual([]);
  });
});
