import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import { appRouter, type AppRouter } from "./root";
import { createCallerFactory } from "./trpc";

export { appRouter, type AppRouter };
export {
  createTRPCContext,
  type CreateContextOptions,
  type Session,
  type TRPCContext,
} from "./context";
export {
  GENERIC_ERROR_MESSAGE,
  type AdsConnectErrorData,
  type AdsConnectErrorShape,
} from "./error-formatter";

/**
 * Calls procedures in-process (server components, scripts, tests):
 * `createCaller(createTRPCContext({ ... })).me.get()`.
 */
export const createCaller = createCallerFactory(appRouter);

/** Each procedure's input type, e.g. `RouterInputs["apiKeys"]["create"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Each procedure's output type, e.g. `RouterOutputs["apiKeys"]["list"][number]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
