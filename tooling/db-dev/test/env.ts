// The one place these tests read their own environment.

/** This process's environment, handed on to the scripts a test runs. */
export function inheritedEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}
