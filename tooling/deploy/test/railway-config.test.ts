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
    // `next start` itself, exec'd so SIGTERM reaches it (it stops accepting, answers what is in
    // flight, then exits). Always production: the build is a production build, and a NODE_ENV
    // left at development on the service would make React load its development code.
    expect(config.deploy?.startCommand).toBe(
      "cd apps/web && export NODE_ENV=production && exec node node_modules/next/dist/bin/next start",
    );
    expect(config.deploy?.drainingSeconds).toBeGreaterThanOrEqual(10);
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

  it("starts the worker's bundle with no TypeScript loader, checks its /health and gives time to drain jobs", () => {
    // `worker...`: the worker and what it depends on, so @adsconnect/db's migrate bundle is built
    // for the pre-deploy step too.
    expect(config.build?.buildCommand).toBe('pnpm --filter "@adsconnect/worker..." build');
    expect(config.deploy?.startCommand).toBe("cd apps/worker && exec node dist/main.mjs");
    // Served on PORT by apps/worker/src/health-server.ts.
    expect(config.deploy?.healthcheckPath).toBe("/health");
    expect(readFileSync(join(repoRoot, "apps/worker/src/health-server.ts"), "utf8")).toContain(
      `export const WORKER_HEALTH_PATH = "${config.deploy?.healthcheckPath}";`,
    );
    expect(config.deploy?.drainingSeconds).toBeGreaterThanOrEqual(30);
    expect(config.deploy?.restartPolicyType).toBe("ALWAYS");
  });
});

describe("apps/api/railway.json (machine API service)", () => {
  const config = load("apps/api/railway.json");

  it("builds the service's bundle and what it depends on, migrates before deploy, starts the bundle", () => {
    // `api-service...`: the service and what it depends on, so @adsconnect/db's migrate bundle is
    // built for the pre-deploy step too. (@adsconnect/api is the tRPC package it serves.)
    expect(config.build?.builder).toBe("RAILPACK");
    expect(config.build?.buildCommand).toBe('pnpm --filter "@adsconnect/api-service..." build');
    expect(config.deploy?.preDeployCommand).toEqual(["pnpm db:migrate"]);
    // --expose-gc: the Ads proxy has V8 collect streamed buffers as it goes (packages/ads-proxy/README.md).
    expect(config.deploy?.startCommand).toBe("cd apps/api && exec node --expose-gc dist/main.mjs");
  });

  it("checks health at a path the service serves, restarts on failure and drains on SIGTERM", () => {
    expect(config.deploy?.healthcheckPath).toBe("/health");
    expect(readFileSync(join(repoRoot, "apps/api/src/health.ts"), "utf8")).toContain(
      `export const HEALTH_PATH = "${config.deploy?.healthcheckPath}";`,
    );
    expect(config.deploy?.restartPolicyType).toBe("ON_FAILURE");
    // main.ts gives up on requests still in flight after 10 s; Railway must wait longer.
    expect(config.deploy?.drainingSeconds).toBeGreaterThan(10);
  });

  it("is built by the package its build command names", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "apps/api/package.json"), "utf8")) as {
      name: string;
      scripts: Record<string, string>;
    };
    expect(pkg.name).toBe("@adsconnect/api-service");
    expect(pkg.scripts.build).toBe("node build.mjs");
  });
});

describe("start commands", () => {
  // Railway runs a Railpack start command in a shell and sends SIGTERM to it. `exec` makes the
  // service's own node process receive it; pnpm in between would exit at once and leave the
  // process to be killed without draining (pnpm/pnpm#9945). The web, worker and api tests start
  // their process with exactly these commands.
  it.each(Object.keys(RAILWAY_CONFIGS) as (keyof typeof RAILWAY_CONFIGS)[])(
    "%s execs node directly",
    (service) => {
      const command = deployedStartCommand(service);
      expect(command).toMatch(/&& exec node /);
      // And no TypeScript loader: production runs no dev tool.
      expect(command).not.toMatch(/\bpnpm\b|\bnpm\b|\btsx\b/);
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
