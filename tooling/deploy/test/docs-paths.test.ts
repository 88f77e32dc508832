import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

import { describe, expect, it } from "vitest";

const repoRoot = join(import.meta.dirname, "..", "..", "..");
const git = (...args: string[]) =>
  execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).split("\0").filter(Boolean);

/** Every README.md and ARCHITECTURE.md in git, and any not yet added. */
const docs = [
  ...new Set([
    ...git("ls-files", "-z", "--", "*README.md", "*ARCHITECTURE.md"),
    ...git(
      "ls-files",
      "-z",
      "--others",
      "--exclude-standard",
      "--",
      "*README.md",
      "*ARCHITECTURE.md",
    ),
  ]),
].filter((path) => existsSync(join(repoRoot, path)));

const TOP_LEVEL = /^(apps|packages|tooling|bench|prisma|\.ci)\//;
// A repository path: words joined by slashes, optionally ending in one; no
// placeholders (`<service>`, `{region}`, `*`), URLs, routes or package names.
const PATH_LIKE = /^\.{0,2}\/?[\w.[\]()-]+(\/[\w.[\]()-]+)*\/?$/;

/** Paths a doc names in backticks or as a relative link target. */
export function namedPaths(markdown: string): string[] {
  const candidates = [
    ...[...markdown.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!),
    ...[...markdown.matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)].map((m) => m[1]!),
  ];
  return candidates.filter(
    (text) =>
      text.includes("/") &&
      !text.startsWith("/") &&
      !text.startsWith("@") &&
      !/^[a-z]+:/.test(text) &&
      PATH_LIKE.test(text) &&
      // a file name with an extension or a folder that ends in a slash, or a top-level path
      (/\.[a-z]{1,5}$/.test(text) || text.endsWith("/") || TOP_LEVEL.test(text)),
  );
}

function exists(doc: string, path: string): boolean {
  const fromRoot = join(repoRoot, path);
  const fromDoc = join(repoRoot, dirname(doc), path);
  if (existsSync(fromRoot) || existsSync(fromDoc)) return true;
  // Generated or git-ignored places (`.node/`, `.data/`, `dist/`) are named on purpose.
  try {
    execFileSync("git", ["check-ignore", "-q", "--no-index", path], { cwd: repoRoot });
    return true;
  } catch {
    return false;
  }
}

describe("docs name only files that exist", () => {
  it("finds the docs", () => {
    expect(docs).toContain("README.md");
    expect(docs.length).toBeGreaterThan(5);
  });

  it("recognises paths and ignores routes, URLs, package names and placeholders", () => {
    expect(
      namedPaths(
        "`apps/web/server.ts` `src/env.ts` [x](packages/api/README.md) `/api/trpc` `@adsconnect/db/client` `apps/<service>` `https://a.b/c.d` `{region}/x.ts` `.node/`",
      ),
    ).toEqual(["apps/web/server.ts", "src/env.ts", ".node/", "packages/api/README.md"]);
  });

  it.each(docs)("%s", (doc) => {
    const missing = namedPaths(readFileSync(join(repoRoot, doc), "utf8")).filter(
      (path) => !exists(doc, path),
    );
    expect(missing).toEqual([]);
  });
});
