import { nextRuntime } from "@/env";

/** Runs once when the server starts (Node.js runtime only): see server/startup.ts. */
export async function register() {
  if (nextRuntime !== "nodejs") return;
  const { checkStartup } = await import("@/server/startup");
  checkStartup();
}
