// The one place apps/api's test helpers read their own environment: what the service process
// they start needs of it.

/** PATH and HOME, handed to the service process (nothing else leaks into it). */
export const inherited = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "/tmp",
};
