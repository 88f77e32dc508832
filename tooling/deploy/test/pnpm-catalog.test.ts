// Versions shared by several packages come from the pnpm catalog
// (pnpm-workspace.yaml), so they move together. `sherif` (in `pnpm test`)
// checks the rest of the workspace's package.json files.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

const repoRoot = join(import.meta.dirname, "..", "..", "..");

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const packageFiles = execFileSync("git", ["ls-files", "package.json", "*/package.json"], {
  cwd: repoRoot,
  encoding: "utf8",
})
  .split("\n")
  .filter(Boolean);

const packages = packageFiles.map(
  (file) => JSON.parse(readFileSync(join(repoRoot, file), "utf8")) as PackageJson,
);

/** The default catalog's entries: the `catalog:` block of pnpm-workspace.yaml. */
function catalogEntries(): Map<string, string> {
  const yaml = readFileSync(join(repoRoot, "pnpm-workspace.yaml"), "utf8");
  const block = /^catalog:\n((?:[ \t]+.*\n|[ \t]*#.*\n)*)/m.exec(yaml)?.[1] ?? "";
  return new Map(
    block
      .split("\n")
      .map((line) => /^\s+"?([^"#:\s]+)"?:\s*(\S+)/.exec(line))
      .filter((match) => match !== null)
      .map((match) => [match[1]!, match[2]!]),
  );
}

/** Every non-workspace dependency (peers excluded: they state ranges on purpose). */
function uses(): Map<string, { pkg: string; specifier: string }[]> {
  const byName = new Map<string, { pkg: string; specifier: string }[]>();
  for (const pkg of packages) {
    for (const field of ["dependencies", "devDependencies", "optionalDependencies"] as const) {
      for (const [name, specifier] of Object.entries(pkg[field] ?? {})) {
        if (specifier.startsWith("workspace:")) continue;
        byName.set(name, [...(byName.get(name) ?? []), { pkg: pkg.name, specifier }]);
      }
    }
  }
  return byName;
}

describe("the pnpm catalog", () => {
  it("reads pnpm-workspace.yaml's catalog", () => {
    const catalog = catalogEntries();
    expect(catalog.get("vitest")).toMatch(/^\d/);
    expect(catalog.get("@prisma/client")).toMatch(/^\d/);
  });

  it("gives the version of every dependency that several packages use", () => {
    const offenders = [...uses()]
      .filter(([, list]) => new Set(list.map((use) => use.pkg)).size > 1)
      .flatMap(([name, list]) =>
        list
          .filter((use) => use.specifier !== "catalog:")
          .map((use) => `${use.pkg}: "${name}": "${use.specifier}" (use "catalog:")`),
      );
    expect(offenders).toEqual([]);
  });

  it("has no entry that no package uses", () => {
    const used = new Set(
      [...uses()]
        .filter(([, list]) => list.some((u) => u.specifier === "catalog:"))
        .map(([n]) => n),
    );
    expect([...catalogEntries().keys()].filter((name) => !used.has(name))).toEqual([]);
  });
});
