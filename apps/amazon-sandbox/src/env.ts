/** The CLI's configuration, read from the environment in one place. */
import { z } from "zod";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "./server";

const schema = z.object({
  /** Default 4599; 0 picks a free port. */
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65_535).default(4599),
  /** Default 127.0.0.1. */
  SANDBOX_HOST: z.string().min(1).default("127.0.0.1"),
  /** Default `amzn1.application-oa2-client.sandbox`. */
  AMAZON_CLIENT_ID: z.string().min(1).default(DEFAULT_CLIENT_ID),
  /** Default a fixed development secret. */
  AMAZON_CLIENT_SECRET: z.string().min(1).default(DEFAULT_CLIENT_SECRET),
  /** Used only for the default return URL. Default http://localhost:3000. */
  APP_URL: z.url().default("http://localhost:3000"),
  /** Comma-separated allowed return URLs. Default `${APP_URL}/api/amazon/callback`. */
  SANDBOX_REDIRECT_URIS: z.string().optional(),
  /** Default 3600. */
  SANDBOX_ACCESS_TOKEN_LIFETIME_SECONDS: z.coerce.number().int().positive().default(3600),
  /** Default 300. */
  SANDBOX_CODE_LIFETIME_SECONDS: z.coerce.number().int().positive().default(300),
  /** Signs refresh/access tokens. Default: derived from AMAZON_CLIENT_SECRET (tokens survive restarts). */
  SANDBOX_SIGNING_SECRET: z.string().min(16).optional(),
});

export type SandboxEnv = z.infer<typeof schema> & { redirectUris: string[] };

export function readEnv(source: Record<string, string | undefined> = process.env): SandboxEnv {
  // An empty variable means "not set", as in a .env file with `NAME=`.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`amazon-sandbox: invalid environment\n${lines}`);
  }
  const env = result.data;
  const redirectUris = (
    env.SANDBOX_REDIRECT_URIS ?? `${env.APP_URL.replace(/\/+$/, "")}/api/amazon/callback`
  )
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return { ...env, redirectUris };
}
