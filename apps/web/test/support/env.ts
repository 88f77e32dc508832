// The one place the web's tests (and browser tests) read their own environment: what the
// processes they start need of it.

/** PATH and HOME, handed to the servers and workers the tests start (nothing else leaks into them). */
export const inherited = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "/tmp",
};

/** This whole environment, for `next build` (it runs as it would from a shell). */
export function wholeEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env };
}
