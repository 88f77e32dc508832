/** Runs once when the server starts (Node.js runtime only): see server/startup.ts. */
export async function register() {
  // Next sets NEXT_RUNTIME itself; it is not configuration.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkStartup } = await import("@/server/startup");
  checkStartup();
}
