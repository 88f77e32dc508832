import { readFileSync } from "node:fs";
import { join } from "node:path";

import { z } from "zod";

/**
 * Railway's config-as-code fields, as documented at
 * https://docs.railway.com/config-as-code/reference (build and deploy
 * sections). Strict: a misspelt key is an error here, where Railway would
 * silently ignore it.
 */
const nullableString = z.string().min(1).nullable();

export const railwayBuildSchema = z.strictObject({
  builder: z.enum(["RAILPACK", "DOCKERFILE", "NIXPACKS"]).optional(),
  buildCommand: nullableString.optional(),
  watchPatterns: z.array(z.string().min(1)).optional(),
  dockerfilePath: nullableString.optional(),
  railpackVersion: nullableString.optional(),
  nixpacksConfigPath: nullableString.optional(),
  nixpacksPlan: z.record(z.string(), z.unknown()).nullable().optional(),
  nixpacksVersion: nullableString.optional(),
});

export const railwayDeploySchema = z.strictObject({
  startCommand: nullableString.optional(),
  preDeployCommand: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .nullable()
    .optional(),
  healthcheckPath: z.string().startsWith("/").nullable().optional(),
  healthcheckTimeout: z.number().int().positive().nullable().optional(),
  restartPolicyType: z.enum(["ON_FAILURE", "ALWAYS", "NEVER"]).optional(),
  restartPolicyMaxRetries: z.number().int().min(0).optional(),
  numReplicas: z.number().int().min(1).optional(),
  region: nullableString.optional(),
  multiRegionConfig: z
    .record(z.string(), z.object({ numReplicas: z.number().int().min(1) }))
    .nullable()
    .optional(),
  cronSchedule: nullableString.optional(),
  sleepApplication: z.boolean().optional(),
  drainingSeconds: z.number().int().min(0).optional(),
  overlapSeconds: z.number().int().min(0).optional(),
  requiredMountPath: nullableString.optional(),
});

export const railwayConfigSchema = z.strictObject({
  $schema: z.literal("https://railway.com/railway.schema.json").optional(),
  build: railwayBuildSchema.optional(),
  deploy: railwayDeploySchema.optional(),
  environments: z
    .record(
      z.string(),
      z.strictObject({
        build: railwayBuildSchema.optional(),
        deploy: railwayDeploySchema.optional(),
      }),
    )
    .optional(),
});

export type RailwayConfig = z.infer<typeof railwayConfigSchema>;

const repoRoot = join(import.meta.dirname, "..", "..", "..");

/** The services this repository deploys, by their config file (from the repository root). */
export const RAILWAY_CONFIGS = {
  web: "railway.json",
  worker: "apps/worker/railway.json",
  api: "apps/api/railway.json",
} as const;

/** A railway.json in this repository (path from its root), validated. */
export function loadRailwayConfig(path: string): RailwayConfig {
  return railwayConfigSchema.parse(JSON.parse(readFileSync(join(repoRoot, path), "utf8")));
}

/**
 * The command Railway starts `service` with, run in a shell from the
 * repository root: tests start their processes with it, so they see the
 * deployed process (its signals, its environment defaults).
 */
export function deployedStartCommand(service: keyof typeof RAILWAY_CONFIGS): string {
  const command = loadRailwayConfig(RAILWAY_CONFIGS[service]).deploy?.startCommand;
  if (!command) throw new Error(`${RAILWAY_CONFIGS[service]} has no deploy.startCommand`);
  return command;
}
