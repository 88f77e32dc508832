// The one place this package's helpers read the environment.

/** `DATABASE_URL`, or undefined when unset or empty. */
export function databaseUrlFromEnv(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}
