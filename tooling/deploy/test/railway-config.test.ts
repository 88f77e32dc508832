import { readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import {
  deployedStartCommand,
  loadRailwayConfig as load,
  RAILWAY_CONFIGS,
  railwayConfigSchema,
} from "../src/railway-config";

const repoRoot = join(import.meta.dirname, "..", "..", "..");
const rootPackage = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
};

describe("railway.json (web service)", () => {
  const config = load("railway.json");

  it("uses only Railway's documented fields", () => {
    expect(config.build?.builder).toBe("RAILPACK");
  });

  it("migrates before deploy, checks health and restarts on failure", () => {
    expect(config.deploy?.preDeployCommand).toEqual(["pnpm db:migrate"]);
    expect(rootPackage.scripts["db:migrate"]).toBeDefined();
    expect(config.deploy?.healthcheckPath).toBe("/api/health");
    expect(config.deploy?.restartPolicyType).toBe("ON_FAILURE");
    // Production unless NODE_ENV says otherwise, as with `next start` (server.ts refuses any other
    // mode): set here, in the shell, so Next and React load their production builds too.
    expect(config.deploy?.startCommand).toBe(
      'cd apps/web && export NODE_ENV="${NODE_ENV:-production}" && exec node --import tsx server.ts',
    );
  });

  it("health check path is a real route of the web app", () => {
    const route = join(
      repoRoot,
      "apps/web/src/app",
      config.deploy?.healthcheckPath ?? "",
      "route.ts",
    );
    expect(readFileSync(route, "utf8")).toContain("export async function GET");
  });
});

describe("apps/worker/railway.json (worker service)", () => {
  const config = load("apps/worker/railway.json");

  it("starts the worker's bundle with no TypeScript loader, with no HTTP health check and time to drain jobs", () => {
    // `worker...`: the worker and what it depends on, so @adsconnect/db's migrate bundle is built
    // for the pre-deploy step too.
    expect(config.build?.buildCommand).toBe('pnpm --filter "@adsconnect/worker..." build');
    expect(config.deploy?.startCommand).toBe("cd apps/worker && exec node dist/main.mjs");
    expect(config.deploy?.healthcheckPath).toBeUndefined();
    expect(config.deploy?.drainingSeconds).toBeGreaterThanOrEqual(30);
    expect(config.deploy?.restartPolicyType).toBe("ALWAYS");
  });
});

describe("start commands", () => {
  // Railway runs a Railpack start command in a shell and sends SIGTERM to it. `exec` makes the
  // service's own node process receive it; pnpm in between would exit at once and leave the
  // process to be killed without draining (pnpm/pnpm#9945). The web and worker tests start their
  // process with exactly these commands.
  it.each(Object.keys(RAILWAY_CONFIGS) as (keyof typeof RAILWAY_CONFIGS)[])(
    "%s execs node directly",
    (service) => {
      const command = deployedStartCommand(service);
      expect(command).toMatch(/&& exec node /);
      expect(command).not.toMatch(/\bpnpm\b|\bnpm\b|\btsx (?!server|src)/);
    },
  );
});

describe("railwayConfigSchema", () => {
  it("refuses a misspelt field and an unknown restart policy", () => {
    expect(railwayConfigSchema.safeParse({ deploy: { healthCheckPath: "/x" } }).success).toBe(
      false,
    );
    expect(
      railwayConfigSchema.safeParse({ deploy: { restartPolicyType: "SOMETIMES" } }).success,
    ).toBe(false);
  });
});
