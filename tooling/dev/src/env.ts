// The one place `pnpm dev` reads the environment: the developer's, which it hands on to the
// processes it starts (with its defaults filled in) and reads a few choices from.

/** The environment `pnpm dev` was started with. */
export function userEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}
