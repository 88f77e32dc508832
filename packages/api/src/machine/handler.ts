import type { Logger } from "@adsconnect/logger";
import type { Services } from "@adsconnect/services";

import { createMachineContext } from "../context";
import { createFetchHandler } from "../fetch-handler";
import { machineRouter } from "./router";

/** Where apps/api mounts the machine router. */
export const MACHINE_TRPC_PATH = "/trpc";

export interface MachineHandlerOptions {
  /** The process's services (createServices). */
  services: Services;
  /** Default MACHINE_TRPC_PATH ("/trpc"). */
  endpoint?: string;
  /** Default `services.logger`. */
  logger?: Logger;
  /** Send unexpected errors' real messages (development only). Default false. */
  exposeErrorDetails?: boolean;
}

/**
 * The machine router as a Fetch API handler, `(Request) => Promise<Response>`: what apps/api
 * serves at /trpc (through the node:http bridge, src/node-handler.ts). Each request is judged
 * by its API key alone (createMachineContext): no session, no cookie, no Clerk.
 */
export function createMachineHandler(
  options: MachineHandlerOptions,
): (req: Request) => Promise<Response> {
  const { services } = options;
  return createFetchHandler(machineRouter, {
    endpoint: options.endpoint ?? MACHINE_TRPC_PATH,
    logger: options.logger ?? services.logger,
    createContext: (req) =>
      createMachineContext({
        services,
        headers: req.headers,
        exposeErrorDetails: options.exposeErrorDetails ?? false,
      }),
  });
}
