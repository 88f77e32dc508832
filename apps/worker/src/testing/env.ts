// The one place the worker's testing helpers read their own environment: what the worker
// process they start needs of it.

/** PATH and HOME, handed to the worker process (nothing else leaks into it). */
export const inherited = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "/tmp",
};
