import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { readEnv } from "../src/env";
import { DEFAULT_CLIENT_ID } from "../src/server";
import { inheritedEnv } from "./env";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

describe("CLI", () => {
  it("reads defaults from an empty environment", () => {
    const env = readEnv({});
    expect(env).toMatchObject({
      SANDBOX_PORT: 4599,
      SANDBOX_HOST: "127.0.0.1",
      AMAZON_CLIENT_ID: DEFAULT_CLIENT_ID,
      SANDBOX_ACCESS_TOKEN_LIFETIME_SECONDS: 3600,
      redirectUris: ["http://localhost:3000/api/amazon/callback"],
    });
    expect(readEnv({ APP_URL: "https://app.example/" }).redirectUris).toEqual([
      "https://app.example/api/amazon/callback",
    ]);
    expect(
      readEnv({ SANDBOX_REDIRECT_URIS: "http://a.test/cb, http://b.test/cb" }).redirectUris,
    ).toEqual(["http://a.test/cb", "http://b.test/cb"]);
    expect(() => readEnv({ SANDBOX_PORT: "http" })).toThrow(/SANDBOX_PORT/);
  });

  it("prints exactly one parseable listening line and exits cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", TSX, MAIN], {
      env: { ...inheritedEnv(), SANDBOX_PORT: "0", SANDBOX_ACCESS_TOKEN_LIFETIME_SECONDS: "60" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no listening line")), 20_000);
      child.stdout.on("data", (chunk: string) => {
        stdout += chunk;
        const match = /^amazon-sandbox listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once("exit", (code) => reject(new Error(`exited early with ${code}`)));
    });
    const health = await fetch(`${url}/__sandbox/health`);
    expect(await health.json()).toMatchObject({ status: "ok", accessTokenLifetimeSeconds: 60 });

    const exit = new Promise<number | null>((resolve) =>
      child.once("exit", (code) => resolve(code)),
    );
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(1);
  }, 30_000);
});
