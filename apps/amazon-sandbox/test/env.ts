// The one place these tests read their own environment.

/** This process's environment, handed on to the sandbox process a test starts. */
export function inheritedEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}
