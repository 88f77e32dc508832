/**
 * CLI: `tsx src/main.ts`. Prints exactly one line, `amazon-sandbox listening on http://host:port`,
 * once it accepts connections, and stops cleanly on SIGTERM or SIGINT. Configuration: env.ts.
 */
import { readEnv } from "./env";
import { createAmazonSandbox } from "./server";

const env = readEnv();
const sandbox = createAmazonSandbox({
  clientId: env.AMAZON_CLIENT_ID,
  clientSecret: env.AMAZON_CLIENT_SECRET,
  allowedRedirectUris: env.redirectUris,
  accessTokenLifetimeSeconds: env.SANDBOX_ACCESS_TOKEN_LIFETIME_SECONDS,
  codeLifetimeSeconds: env.SANDBOX_CODE_LIFETIME_SECONDS,
  ...(env.SANDBOX_SIGNING_SECRET ? { signingSecret: env.SANDBOX_SIGNING_SECRET } : {}),
});

const { url } = await sandbox.listen(env.SANDBOX_PORT, env.SANDBOX_HOST);
process.stdout.write(`amazon-sandbox listening on ${url}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await sandbox.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
