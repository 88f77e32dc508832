/**
 * A bench's way out, the same for every bench: `steps` (stop the services, drop the database)
 * run once, whether the bench ends (`await cleanUp()`), is interrupted (SIGINT, SIGTERM: exit
 * 130), or gives up because a process it depends on died (`cleanUp.abort(why)`: exit 1).
 */
export function cleanUpOnExit(steps: () => Promise<void>) {
  let cleaned: Promise<void> | undefined;
  const cleanUp = () => (cleaned ??= steps());
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  return Object.assign(cleanUp, {
    /** Says why, cleans up and exits 1; nothing when clean-up has begun (the exit was ours). */
    abort(why: string): void {
      if (cleaned) return;
      console.error(why);
      void cleanUp().finally(() => process.exit(1));
    },
  });
}
