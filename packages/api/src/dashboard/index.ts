/**
 * The dashboard's surface: the router signed-in people use through the web app's /api/trpc,
 * its context, its HTTP handler and its in-process caller. Nothing here reads an API key.
 */
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import { createCallerFactory } from "../trpc";
import { dashboardRouter, type DashboardRouter } from "./router";

export { dashboardRouter, type DashboardRouter };
export {
  createDashboardContext,
  type DashboardContext,
  type DashboardContextOptions,
  type Session,
  type SignInMode,
} from "../context";
export { admitDashboardSession, type AdmittedSession } from "./admit-session";
export type { SessionStanding } from "@adsconnect/accounts";
export {
  bearerRefusalMessage,
  createDashboardHandler,
  FOREIGN_ORIGIN_MESSAGE,
  JSON_ONLY_MESSAGE,
  presentsBearer,
  type DashboardHandlerOptions,
} from "./handler";
export { declaresJson, requestSite, type RequestSite } from "./same-origin";

/**
 * Calls dashboard procedures in-process (server components, tests):
 * `createDashboardCaller(createDashboardContext({ ... })).me.get()`.
 */
export const createDashboardCaller = createCallerFactory(dashboardRouter);

/** Each dashboard procedure's input type, e.g. `DashboardInputs["apiKeys"]["create"]`. */
export type DashboardInputs = inferRouterInputs<DashboardRouter>;
/** Each dashboard procedure's output type, e.g. `DashboardOutputs["apiKeys"]["list"][number]`. */
export type DashboardOutputs = inferRouterOutputs<DashboardRouter>;
