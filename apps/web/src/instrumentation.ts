/** Runs once when the server starts: resolve (and log) the sign-in provider, failing fast on a bad config. */
export async function register() {
  // Next sets NEXT_RUNTIME itself; it is not configuration.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getAuthSettings } = await import("@/server/auth-settings");
  getAuthSettings();
}
