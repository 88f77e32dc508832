// The one place the worker's tests read their own environment: what a child process needs to start.

/** PATH, handed to the processes the tests start (nothing else of this environment leaks into them). */
export const inheritedPath: string = process.env.PATH ?? "";
