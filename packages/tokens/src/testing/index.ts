/**
 * Helpers for tests and benchmarks of the token lifecycle (here, in the
 * worker, in bench/): people and accounts whose refresh tokens are real
 * sandbox grants, stored as the connect flow stores them. Not for production code.
 */
export * from "./accounts";
