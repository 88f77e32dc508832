/**
 * Runs apps/amazon-sandbox as a separate process for other packages' tests: spawned with tsx on a
 * free port, talked to over HTTP only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createSandboxAdmin, type SandboxAdmin } from "./admin";
import { inheritedEnv } from "./env";
import {
  authorizeUrl,
  driveConsent,
  type AuthorizeUrlOptions,
  type ConsentResult,
} from "./consent";
import type { SandboxRegion } from "./types";

export interface StartSandboxOptions {
  /** Default: a fresh `amzn1.application-oa2-client.test<random>` per process. */
  clientId?: string;
  /** Default: a fresh random secret per process. */
  clientSecret?: string;
  /** Allowed return URLs. Default `["http://localhost:3000/api/amazon/callback"]`. */
  redirectUris?: string[];
  /** Default 3600. */
  accessTokenLifetimeSeconds?: number;
  /** Default 300. */
  codeLifetimeSeconds?: number;
  /** Default: derived from the client secret. */
  signingSecret?: string;
  /** Extra environment for the process. */
  env?: Record<string, string>;
  /** How long to wait for the listening line. Default 30,000 ms. */
  startTimeoutMs?: number;
}

export interface ConsentOptions extends Partial<Omit<AuthorizeUrlOptions, "clientId">> {
  /** A seeded user's id (see `admin.users()`). */
  userId: string;
  /** Default "allow". */
  decision?: "allow" | "cancel";
}

export interface SandboxProcess {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `origin + "/{region}"`: replace `{region}` with na, eu or fe to get AMAZON_BASE_URL. */
  baseUrlTemplate: string;
  baseUrl(region: SandboxRegion): string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** What an adsconnect app is configured with to use this sandbox as Amazon: AMAZON_CLIENT_ID, AMAZON_CLIENT_SECRET, AMAZON_BASE_URL. */
  appEnv: { AMAZON_CLIENT_ID: string; AMAZON_CLIENT_SECRET: string; AMAZON_BASE_URL: string };
  pid: number;
  admin: SandboxAdmin;
  /** Consent for a seeded user with this process's client id and first return URL by default. */
  consent(options: ConsentOptions): Promise<ConsentResult>;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

const LISTENING = /^amazon-sandbox listening on (http:\/\/\S+)$/m;

/** The monorepo root: the nearest folder above this file holding pnpm-workspace.yaml. */
export function repoRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("test-sandbox: no pnpm-workspace.yaml above " + from);
    dir = parent;
  }
  return dir;
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;
function killChildrenOnExit() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of children) child.kill("SIGKILL");
  });
}

export async function startSandboxProcess(
  options: StartSandboxOptions = {},
): Promise<SandboxProcess> {
  const root = repoRoot();
  const appDir = join(root, "apps", "amazon-sandbox");
  const main = join(appDir, "src", "main.ts");
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  const clientId =
    options.clientId ?? `amzn1.application-oa2-client.test${randomBytes(8).toString("hex")}`;
  const clientSecret = options.clientSecret ?? `amzn1.oa2-cs.v1.${randomBytes(24).toString("hex")}`;
  const redirectUris = options.redirectUris ?? ["http://localhost:3000/api/amazon/callback"];

  const env: Record<string, string> = {
    ...inheritedEnv(),
    SANDBOX_PORT: "0",
    SANDBOX_HOST: "127.0.0.1",
    AMAZON_CLIENT_ID: clientId,
    AMAZON_CLIENT_SECRET: clientSecret,
    SANDBOX_REDIRECT_URIS: redirectUris.join(","),
    ...(options.accessTokenLifetimeSeconds === undefined
      ? {}
      : { SANDBOX_ACCESS_TOKEN_LIFETIME_SECONDS: String(options.accessTokenLifetimeSeconds) }),
    ...(options.codeLifetimeSeconds === undefined
      ? {}
      : { SANDBOX_CODE_LIFETIME_SECONDS: String(options.codeLifetimeSeconds) }),
    ...(options.signingSecret === undefined
      ? {}
      : { SANDBOX_SIGNING_SECRET: options.signingSecret }),
    ...options.env,
  };
  const child = spawn(process.execPath, ["--import", tsx, main], {
    cwd: appDir,
    // Next's types (when a Next app's tests use this) make NODE_ENV required in ProcessEnv.
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  killChildrenOnExit();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => children.delete(child));

  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });

  const origin = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `amazon-sandbox did not start within ${options.startTimeoutMs ?? 30_000} ms\n${stderr}`,
        ),
      );
    }, options.startTimeoutMs ?? 30_000);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
      const match = LISTENING.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(
        new Error(`amazon-sandbox exited before listening (code ${child.exitCode})\n${stderr}`),
      );
    });
  });
  // Keep draining stdout so the child never blocks on a full pipe.
  child.stdout.resume();

  let stopping: Promise<void> | undefined;
  const admin = createSandboxAdmin(origin);
  return {
    origin,
    baseUrlTemplate: `${origin}/{region}`,
    baseUrl: (region) => `${origin}/${region}`,
    clientId,
    clientSecret,
    redirectUris,
    appEnv: {
      AMAZON_CLIENT_ID: clientId,
      AMAZON_CLIENT_SECRET: clientSecret,
      AMAZON_BASE_URL: `${origin}/{region}`,
    },
    pid: child.pid!,
    admin,
    consent: ({ userId, decision, ...rest }) =>
      driveConsent(authorizeUrl(origin, { clientId, redirectUri: redirectUris[0]!, ...rest }), {
        userId,
        ...(decision ? { decision } : {}),
      }),
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.kill("SIGTERM");
        await exited;
        clearTimeout(killer);
      })();
      return stopping;
    },
  };
}
