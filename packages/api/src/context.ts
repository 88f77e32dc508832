import type { Db } from "@adsconnect/db/client";
import type { Logger } from "@adsconnect/logger";
import type { Services } from "@adsconnect/services";

import { authenticateApiKey, type ApiKeyPrincipal } from "./domain/api-keys/authenticate-api-key";
import { syncUser, type SessionUser } from "./domain/users/sync-user";

/** A signed-in person, as resolved by the web app (Clerk, or the local issuer). */
export type Session = SessionUser;

export interface CreateContextOptions {
  /**
   * The process's services (createServices from `@adsconnect/services`): Prisma, the
   * node-postgres pool (API-key lookups, the hand-out, inline refreshes), the vault,
   * Amazon, and the logger unexpected errors are logged to, with their stack.
   */
  services: Services;
  /** The request's headers; `Authorization: Bearer <api key>` is read from here. */
  headers: Headers;
  /** The signed-in person, or null when nobody is signed in. */
  session: Session | null;
  /**
   * Send the real message of unexpected (INTERNAL_SERVER_ERROR) errors to the
   * caller. Default false: callers get "Something went wrong; try again".
   * Turn it on in development only. Stack traces are never sent either way.
   */
  exposeErrorDetails?: boolean;
}

export interface TRPCContext {
  services: Services;
  /** `services.db`. */
  db: Db;
  headers: Headers;
  session: Session | null;
  /** `services.logger`. */
  logger: Logger;
  exposeErrorDetails: boolean;
  /** The token of an `Authorization: Bearer <token>` header, if any. */
  bearerToken: string | null;
  /**
   * The active API key the request presents, or null. Looked up on first call
   * (only procedures that accept keys ask), then remembered for the request.
   */
  resolveApiKey: () => Promise<ApiKeyPrincipal | null>;
  /**
   * Creates or refreshes the signed-in person's `users` row, once per request
   * however many procedures a batch or a page's prefetches call.
   */
  ensureUser: () => Promise<void>;
}

/**
 * One request's context. The API knows nothing of Next.js or Clerk: the web
 * app resolves `session` and passes it in; tests build it by hand.
 */
export function createTRPCContext(options: CreateContextOptions): TRPCContext {
  const { services, headers, session } = options;
  const { db, logger } = services;
  const bearerToken = readBearerToken(headers);
  let apiKey: Promise<ApiKeyPrincipal | null> | undefined;
  let userSynced: Promise<void> | undefined;
  return {
    services,
    db,
    headers,
    session,
    logger,
    exposeErrorDetails: options.exposeErrorDetails ?? false,
    bearerToken,
    resolveApiKey: () =>
      (apiKey ??= bearerToken
        ? authenticateApiKey(services.pool, bearerToken)
        : Promise.resolve(null)),
    ensureUser: () => (userSynced ??= session ? syncUser(db, session) : Promise.resolve()),
  };
}

function readBearerToken(headers: Headers): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}
