/**
 * The machine surface: the router internal apps call with an API key through apps/api's
 * /trpc, its context, its HTTP handler and its in-process caller. Nothing here reads a
 * session.
 */
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import { createCallerFactory } from "../trpc";
import { machineRouter, type MachineRouter } from "./router";

export { machineRouter, type MachineRouter };
export { createMachineContext, type MachineContext, type MachineContextOptions } from "../context";
export {
  createMachineHandler,
  MACHINE_TRPC_PATH,
  type MachineAdmission,
  type MachineHandlerOptions,
} from "./handler";
export { createMachineListener, type MachineListenerOptions } from "./listener";

/**
 * Calls machine procedures in-process (tests, scripts):
 * `createMachineCaller(createMachineContext({ services, headers })).me.whoami()`.
 */
export const createMachineCaller = createCallerFactory(machineRouter);

/** Each machine procedure's input type, e.g. `MachineInputs["tokens"]["getAccessToken"]`. */
export type MachineInputs = inferRouterInputs<MachineRouter>;
/** Each machine procedure's output type, e.g. `MachineOutputs["tokens"]["getAccessToken"]`. */
export type MachineOutputs = inferRouterOutputs<MachineRouter>;
