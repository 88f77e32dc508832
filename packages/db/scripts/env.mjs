// The one place generate.mjs reads the environment (it runs before TypeScript tooling exists,
// so it cannot use dbEnv): the whole of it, handed on to `prisma generate`.

/** This process's environment. */
export function inheritedEnv() {
  return { ...process.env };
}
