import type { AdsConnectError } from "@adsconnect/errors";
import type { Logger } from "@adsconnect/logger";
import type { Services } from "@adsconnect/services";
import { TRPCError } from "@trpc/server";

import { createMachineContext } from "../context";
import type { ApiKeyLookup } from "../domain/api-keys/authenticate-api-key";
import { toCallerError } from "../error-boundary";
import { createFetchHandler } from "../fetch-handler";
import { refuseEveryCall, retryAfterOf } from "../refusal";
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
 * What the transport decided before the router runs (machine/listener.ts): the key's lookup,
 * or a refusal (401, 429) every call of the request is answered with.
 */
export type MachineAdmission = { apiKey: ApiKeyLookup } | { refusal: AdsConnectError };

/**
 * The machine router as a Fetch API handler, `(Request) => Promise<Response>`: what apps/api
 * serves at /trpc (through the node:http bridge and its admission: src/machine/listener.ts).
 * Each request is judged by its API key alone (createMachineContext): no session, no cookie,
 * no Clerk.
 */
export function createMachineHandler(
  options: MachineHandlerOptions,
): (req: Request, admitted?: MachineAdmission) => Promise<Response> {
  const { services } = options;
  const endpoint = options.endpoint ?? MACHINE_TRPC_PATH;
  const handle = createFetchHandler(machineRouter, {
    endpoint,
    logger: options.logger ?? services.logger,
    createContext: (req, admitted?: { apiKey: ApiKeyLookup }) =>
      createMachineContext({
        services,
        headers: req.headers,
        exposeErrorDetails: options.exposeErrorDetails ?? false,
        ...(admitted ? { apiKey: admitted.apiKey } : {}),
      }),
  });
  return (req, admitted) => {
    if (!admitted || !("refusal" in admitted)) return handle(req, admitted);
    // Every call of the request gets the refusal (its kind's code, its own message).
    const { refusal } = admitted;
    const error = toCallerError(new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: refusal }));
    const wait = retryAfterOf(refusal);
    return Promise.resolve(
      refuseEveryCall(req, endpoint, error, wait > 0 ? { "retry-after": String(wait) } : {}),
    );
  };
}
