import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

const repoRoot = join(import.meta.dirname, "..", "..", "..");
const read = (path: string) => readFileSync(join(repoRoot, path), "utf8");
const nodeVersion = read(".node-version").trim();
const major = nodeVersion.split(".")[0];

// Railpack picks each service's Node from the root package.json's engines.node
// (before .node-version); .ci/run and the README's commands use .node-version.
// They must name the same major, and the tests must run on it.
describe("one Node for production, CI and developers", () => {
  it(".node-version names an exact Node 24 LTS release", () => {
    expect(nodeVersion).toMatch(/^24\.\d+\.\d+$/);
  });

  it("engines.node is that major only", () => {
    const engines = (JSON.parse(read("package.json")) as { engines: { node: string } }).engines;
    expect(engines.node).toBe(`^${major}.11.0`);
  });

  it("the tests run on it", () => {
    expect(process.versions.node.split(".")[0]).toBe(major);
  });

  it("tooling/node/ensure-node.sh puts it first on PATH for a command", () => {
    const version = execFileSync("bash", ["tooling/node/ensure-node.sh", "node", "-v"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "ignore"],
    })
      .toString()
      .trim();
    expect(version.split(".")[0]).toBe(`v${major}`);
  });
});
