import { createDb, type Db } from "@adsconnect/db/client";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import type { Services } from "@adsconnect/services";
import { TRPCClientError } from "@trpc/client";
import { TRPCError } from "@trpc/server";

import { createCaller, createTRPCContext, type Session } from "../../src/index";
import { captureLogger, createTestServices } from "../../src/testing";

/** A client over this run's freshly migrated database (see vitest.config.ts). */
export function openDb(): Db {
  return createDb(testDatabaseUrl(), { max: 4 });
}

export interface Who {
  session?: Session | null;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string | null;
  /** A raw Authorization header, for malformed cases. */
  authorization?: string;
}

export function headersFor(who: Who): Headers {
  const headers = new Headers();
  if (who.apiKey) headers.set("authorization", `Bearer ${who.apiKey}`);
  if (who.authorization !== undefined) headers.set("authorization", who.authorization);
  return headers;
}

/** An in-process caller, as a server component would use, on `db` and logging to `logger`. */
export function callerFor(
  db: Db,
  who: Who,
  logger = captureLogger().logger,
  services: Services = createTestServices(),
) {
  return createCaller(
    createTRPCContext({
      services: { ...services, db, logger },
      headers: headersFor(who),
      session: who.session ?? null,
    }),
  );
}

export interface CaughtError {
  code: string;
  message: string;
  /** The formatted `data`, for errors that crossed HTTP. */
  data?: Record<string, unknown>;
}

/** The tRPC error code and message of a rejected call, in-process or over HTTP. */
export async function caught(promise: Promise<unknown>): Promise<CaughtError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    if (error instanceof TRPCClientError) {
      const data = (error as TRPCClientError<never>).data as Record<string, unknown> | undefined;
      return { code: String(data?.code), message: error.message, ...(data ? { data } : {}) };
    }
    throw error;
  }
  throw new Error("expected the call to fail, and it succeeded");
}
