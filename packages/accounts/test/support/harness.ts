import { Writable } from "node:stream";

import { createAmazonClient, type AmazonRegion } from "@adsconnect/amazon";
import type { Db } from "@adsconnect/db/client";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { createLogger } from "@adsconnect/logger";
import { createServices, servicesEnv, type Services } from "@adsconnect/services";
import {
  driveConsent,
  startSandboxProcess,
  type SandboxProcess,
  type UserKind,
} from "@adsconnect/test-sandbox";
import { generateFernetKey } from "@adsconnect/vault";
import { ensurePersonalWorkspace, type WorkspaceAccess } from "@adsconnect/workspaces";

import { completeConnection, startConnection } from "../../src/index";

export const APP_URL = "http://localhost:3000";

export interface Harness {
  db: Db;
  sandbox: SandboxProcess;
  services: Services;
  logLines: string[];
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const sandbox = await startSandboxProcess({ redirectUris: [`${APP_URL}/api/amazon/callback`] });
  const logLines: string[] = [];
  const logger = createLogger(
    "accounts-test",
    { level: "debug" },
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logLines.push(chunk.toString());
        callback();
      },
    }),
  );
  const services = createServices(
    servicesEnv({
      runtimeEnv: {
        DATABASE_URL: testDatabaseUrl(),
        ENCRYPTION_KEYS: generateFernetKey(),
        ...sandbox.appEnv,
        APP_URL,
      },
    }),
    { name: "accounts-test", logger, dbPoolMax: 5 },
  );
  return {
    db: services.db,
    sandbox,
    services: {
      ...services,
      // Retries without the production waits, so fault tests stay quick.
      amazon: createAmazonClient({
        clientId: sandbox.clientId,
        clientSecret: sandbox.clientSecret,
        redirectUri: `${APP_URL}/api/amazon/callback`,
        baseUrlTemplate: sandbox.baseUrlTemplate,
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
      }),
    },
    logLines,
    close: async () => {
      await sandbox.stop();
      await services.close();
    },
  };
}

let userCounter = 0;
/** A person signed in to adsconnect (a users row), unique per call. */
export async function createPerson(db: Db, label = "person") {
  userCounter += 1;
  const id = `user_test_${label}_${process.pid}_${userCounter}_${Math.random().toString(36).slice(2, 8)}`;
  await db.user.create({ data: { id, email: `${id}@example.com`, name: label } });
  return id;
}

/** The account's audit trail, oldest first. */
export function auditEventsOf(db: Db, accountId: string) {
  return db.auditEvent.findMany({
    where: { accountId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** The person's personal workspace id (made on first use, as their first request would). */
export async function personalWorkspace(db: Db, userId: string): Promise<string> {
  return (await ensurePersonalWorkspace(db, userId)).workspaceId;
}

type SandboxUserKind = Exclude<UserKind, "synthetic" | "generated-agency">;

export interface ConnectionStart {
  userId: string;
  region?: AmazonRegion;
  decision?: "allow" | "cancel";
  /** Where it goes; default the person's personal workspace. */
  access?: WorkspaceAccess;
  /** Reconnect this account. */
  accountId?: string;
}

/**
 * The browser's way to the callback: start (as `userId`), then Amazon's consent page, where
 * the sandbox user of `kind`, or any Amazon user id (a generated agency, say), allows or
 * cancels. Returns Amazon's redirect and its query, for the test to complete as it means to.
 */
export async function consentAtAmazon(
  h: Harness,
  {
    userId,
    region = "NA",
    decision = "allow",
    access,
    accountId,
    ...consenter
  }: ConnectionStart & ({ kind: SandboxUserKind } | { amazonUserId: string }),
) {
  const amazonUserId =
    "amazonUserId" in consenter
      ? consenter.amazonUserId
      : (await h.sandbox.admin.user(consenter.kind)).userId;
  const { authorizationUrl } = await startConnection(h.services, {
    userId,
    access: access ?? (await ensurePersonalWorkspace(h.db, userId)),
    region,
    accountId,
  });
  const redirect = await driveConsent(authorizationUrl, { userId: amazonUserId, decision });
  return { redirect, query: Object.fromEntries(redirect.url.searchParams), authorizationUrl };
}

/** Runs the whole browser round trip: start, Amazon's consent page (Allow or Cancel), callback. */
export async function connectThroughSandbox(
  h: Harness,
  { kind, ...start }: ConnectionStart & { kind: SandboxUserKind },
) {
  const amazonUser = await h.sandbox.admin.user(kind);
  const { query, authorizationUrl } = await consentAtAmazon(h, {
    ...start,
    amazonUserId: amazonUser.userId,
  });
  const outcome = await completeConnection(h.services, { userId: start.userId, query });
  return { outcome, amazonUser, query, authorizationUrl };
}

/** The same round trip for any Amazon user id (a generated agency, say); `ms` times the callback alone. */
export async function connectAmazonUser(
  h: Harness,
  {
    userId,
    amazonUserId,
    region = "NA",
  }: { userId: string; amazonUserId: string; region?: AmazonRegion },
) {
  const { query } = await consentAtAmazon(h, { userId, amazonUserId, region });
  const started = performance.now();
  const outcome = await completeConnection(h.services, { userId, query });
  return { outcome, query, ms: performance.now() - started };
}
