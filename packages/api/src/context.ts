import type { SessionStanding } from "@adsconnect/accounts";
import type { Db } from "@adsconnect/db/client";
import type { Logger } from "@adsconnect/logger";
import type { Services } from "@adsconnect/services";

import {
  resolveWorkspace,
  type SessionOrganization,
  type WorkspaceAccess,
} from "@adsconnect/workspaces";

import { lookUpApiKey, type ApiKeyLookup } from "./domain/api-keys/authenticate-api-key";
import { syncUser, type SessionUser } from "./domain/users/sync-user";

/**
 * A signed-in person, as resolved by the web app (Clerk, or the local issuer), with the Clerk
 * Organization their token names as active, if any.
 */
export type Session = SessionUser & { organization?: SessionOrganization | null };

/** What every request's context holds, whichever surface it came through. */
interface BaseContext {
  /**
   * The process's services (createServices from `@adsconnect/services`): Prisma, the
   * node-postgres pool (API-key lookups, the hand-out, inline refreshes), the vault,
   * Amazon, and the logger unexpected errors are logged to, with their stack.
   */
  services: Services;
  /** `services.db`. */
  db: Db;
  /** `services.logger`. */
  logger: Logger;
  /**
   * Send the real message of unexpected (INTERNAL_SERVER_ERROR) errors to the
   * caller. Default false: callers get "Something went wrong; try again".
   * Turn it on in development only. Stack traces are never sent either way.
   */
  exposeErrorDetails: boolean;
}

/**
 * A request to the dashboard's router (the web app's /api/trpc): a person's,
 * judged by the session the web app resolved. API keys are never read here.
 */
export interface DashboardContext extends BaseContext {
  surface: "dashboard";
  /** The signed-in person, or null when nobody is signed in. */
  session: Session | null;
  /**
   * Creates or refreshes the signed-in person's `users` row, once per request
   * however many procedures a batch or a page's prefetches call.
   */
  ensureUser: () => Promise<void>;
  /**
   * The sign-in provider user ids of operators (ADMIN_USER_IDS): only they reach the
   * `operations.*` procedures (adminProcedure). Empty: nobody does.
   */
  adminUserIds: ReadonlySet<string>;
  /**
   * The workspace the request acts in and the person's role there (resolveWorkspace from
   * @adsconnect/workspaces), once per request. Call after ensureUser.
   */
  resolveWorkspace: () => Promise<WorkspaceAccess>;
  /** How people sign in here: only local sign-in makes workspaces on the dashboard. */
  signInMode: SignInMode;
}

/** Clerk (Organizations are the shared workspaces) or the local issuer (development only). */
export type SignInMode = "clerk" | "local";

/**
 * A request to the machine router (apps/api's /trpc): an internal app's,
 * judged by its API key alone. No session exists here.
 */
export interface MachineContext extends BaseContext {
  surface: "machine";
  /**
   * What the API key the request presents is (active with its principal,
   * expired, or invalid; invalid when it presents none). Looked up on first
   * call, then remembered for the request.
   */
  resolveApiKey: () => Promise<ApiKeyLookup>;
}

/** Either surface's context: the procedure builders (src/trpc.ts) tell them apart. */
export type TRPCContext = DashboardContext | MachineContext;

export interface DashboardContextOptions {
  services: Services;
  /** The signed-in person (from Clerk's `auth()` or the local issuer), or null. */
  session: Session | null;
  /** Default false. */
  exposeErrorDetails?: boolean;
  /** Operators' sign-in provider user ids (the web app's ADMIN_USER_IDS). Default: nobody. */
  adminUserIds?: readonly string[];
  /**
   * Local sign-in only: the workspace the person picked in the switcher (the web app's
   * workspace cookie). Ignored when the session names a Clerk Organization. Default: none,
   * the person's personal workspace.
   */
  selectedWorkspaceId?: string | null;
  /**
   * The web app's sign-in provider. Default "clerk", the safe one: workspaces can then only
   * come from Clerk Organizations, never from `workspaces.create`.
   */
  signInMode?: SignInMode;
  /**
   * readSessionStanding(session, selection) from @adsconnect/accounts, when the caller made it
   * already (the web app does, for its erasure check): ensureUser and resolveWorkspace then read
   * nothing more, and write only what is missing or differs. Absent: they read for themselves.
   */
  standing?: SessionStanding;
}

/**
 * One dashboard request's context. The API knows nothing of Next.js or Clerk:
 * the web app resolves `session` and passes it in; tests build it by hand.
 */
export function createDashboardContext(options: DashboardContextOptions): DashboardContext {
  const { services, session } = options;
  let userSynced: Promise<void> | undefined;
  let workspace: Promise<WorkspaceAccess> | undefined;
  return {
    surface: "dashboard",
    services,
    db: services.db,
    logger: services.logger,
    exposeErrorDetails: options.exposeErrorDetails ?? false,
    session,
    ensureUser: () =>
      (userSynced ??= session
        ? syncUser(services.db, session, options.standing?.user)
        : Promise.resolve()),
    adminUserIds: new Set(options.adminUserIds ?? []),
    resolveWorkspace: () =>
      (workspace ??= session
        ? resolveWorkspace(
            services.db,
            {
              userId: session.userId,
              issuedAt: session.issuedAt,
              organization: session.organization,
              workspaceId: options.selectedWorkspaceId,
            },
            options.standing?.workspace,
          )
        : Promise.reject(new Error("resolveWorkspace needs a session"))),
    signInMode: options.signInMode ?? "clerk",
  };
}

export interface MachineContextOptions {
  services: Services;
  /** The request's headers: the key is read from `Authorization: Bearer <key>`. */
  headers: Headers;
  /** Default false. */
  exposeErrorDetails?: boolean;
  /**
   * The key's lookup, when the transport made it already (apps/api authenticates before it
   * reads a body: machine/listener.ts); else it is looked up from `headers` on first use.
   */
  apiKey?: ApiKeyLookup;
}

/**
 * One machine request's context. The key is `Authorization: Bearer <key>`:
 * the scheme in any case, spaces, then one token with no whitespace in it;
 * anything else (a tab, a second token, no token) presents no key. A request that carries cookies comes from a browser, never from an
 * internal app, and presents no key either, whatever its Authorization says.
 */
export function createMachineContext(options: MachineContextOptions): MachineContext {
  const { services, headers } = options;
  const bearerToken = presentedApiKey(headers);
  let apiKey: Promise<ApiKeyLookup> | undefined =
    options.apiKey === undefined ? undefined : Promise.resolve(options.apiKey);
  return {
    surface: "machine",
    services,
    db: services.db,
    logger: services.logger,
    exposeErrorDetails: options.exposeErrorDetails ?? false,
    resolveApiKey: () =>
      (apiKey ??= bearerToken
        ? lookUpApiKey(services.pool, bearerToken, services.now())
        : Promise.resolve({ status: "invalid" })),
  };
}

/** The API key a machine request presents (see createMachineContext), or null. */
export function presentedApiKey(headers: Headers): string | null {
  return headers.has("cookie") ? null : readBearerToken(headers);
}

function readBearerToken(headers: Headers): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}
