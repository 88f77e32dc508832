/**
 * What a domain function refuses, in words a person can act on. Domain code
 * knows nothing of HTTP or tRPC; the API maps each kind to a tRPC code once
 * (src/trpc.ts), and the worker can catch the same class.
 */
export type DomainErrorKind = "not_found" | "limit_reached";

export class DomainError extends Error {
  override readonly name = "DomainError";

  constructor(
    readonly kind: DomainErrorKind,
    message: string,
  ) {
    super(message);
  }
}
