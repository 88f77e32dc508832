import { createDb, type Db } from "@adsconnect/db/client";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import type { Services } from "@adsconnect/services";
import { TRPCClientError } from "@trpc/client";
import { TRPCError } from "@trpc/server";

import { createDashboardCaller, createDashboardContext, type Session } from "../../src/dashboard";
import { createMachineCaller, createMachineContext } from "../../src/machine";
import { captureLogger, createTestServices } from "../../src/testing";

/** A client over this run's freshly migrated database (see vitest.config.ts). */
export function openDb(): Db {
  return createDb(testDatabaseUrl(), { max: 4 });
}

export interface Who {
  /** The signed-in person (the dashboard's callers). */
  session?: Session | null;
  /**
   * The workspace the dashboard call acts in (local sign-in's selection:
   * `selectedWorkspaceId`). Default: the person's personal workspace.
   */
  workspaceId?: string | null;
  /** Sent as `Authorization: Bearer <apiKey>` (the machine router's callers). */
  apiKey?: string | null;
  /** A raw Authorization header, for malformed cases. */
  authorization?: string;
  /** A Cookie header. */
  cookie?: string;
}

/** The request headers a machine caller sends. */
export function headersFor(who: Who): Headers {
  const headers = new Headers();
  if (who.apiKey) headers.set("authorization", `Bearer ${who.apiKey}`);
  if (who.authorization !== undefined) headers.set("authorization", who.authorization);
  if (who.cookie !== undefined) headers.set("cookie", who.cookie);
  return headers;
}

/**
 * An in-process caller of the dashboard's router, as a server component would use, on `db`
 * and logging to `logger`. Only `who.session` counts: the dashboard reads no API key.
 * `adminUserIds` stands for ADMIN_USER_IDS (default: nobody).
 */
export function callerFor(
  db: Db,
  who: Who,
  logger = captureLogger().logger,
  services: Services = createTestServices(),
  adminUserIds: readonly string[] = [],
) {
  return createDashboardCaller(
    createDashboardContext({
      services: { ...services, db, logger },
      session: who.session ?? null,
      selectedWorkspaceId: who.workspaceId ?? null,
      adminUserIds,
    }),
  );
}

/**
 * An in-process caller of the machine router, on `db` and logging to `logger`. Only the
 * request's headers count (`apiKey`, `authorization`, `cookie`): there is no session.
 */
export function machineCallerFor(
  db: Db,
  who: Who,
  logger = captureLogger().logger,
  services: Services = createTestServices(),
) {
  return createMachineCaller(
    createMachineContext({
      services: { ...services, db, logger },
      headers: headersFor(who),
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
