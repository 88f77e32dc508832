import type { IncomingMessage, ServerResponse } from "node:http";

import { AdsConnectError } from "@adsconnect/errors";

import { presentedApiKey } from "../context";
import { admitApiKey } from "../domain/api-keys/admit-api-key";
import { lookUpApiKey, type ApiKeyLookup } from "../domain/api-keys/authenticate-api-key";
import { toNodeHandler, type Admission } from "../node-handler";
import { apiKeyRefusal } from "../trpc";
import { createMachineHandler, type MachineAdmission, type MachineHandlerOptions } from "./handler";

export interface MachineListenerOptions extends MachineHandlerOptions {
  /** Told when the bridge itself fails (the handler answers its own errors). */
  onError?: (error: unknown) => void;
}

/**
 * The machine router as a node:http listener: what apps/api serves at /trpc. Before a byte of
 * the body is read, the request's API key is looked up and the rate limits counted
 * (admitApiKey): a missing, unknown, revoked or expired key is answered 401 (UNAUTHORIZED), a
 * key or address over its limit 429 (TOO_MANY_REQUESTS, with Retry-After), at once, however
 * large or slow the body, and the connection then closes. Only an admitted request's body is
 * read (capped by the bridge) and handed to the router, with the lookup already made.
 */
export function createMachineListener(
  options: MachineListenerOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { services } = options;
  const handle = createMachineHandler(options);
  const admit = async (req: IncomingMessage): Promise<Admission<MachineAdmission>> => {
    try {
      const lookup = await admitApiKey(
        services.rateLimits,
        { forwardedFor: req.headers["x-forwarded-for"], socketAddress: req.socket.remoteAddress },
        () => lookUp(req),
        (found) => (found.status === "active" ? found.principal.id : null),
      );
      return lookup.status === "active"
        ? { readBody: true, value: { apiKey: lookup } }
        : { readBody: false, value: { refusal: apiKeyRefusal(lookup) } };
    } catch (error) {
      if (error instanceof AdsConnectError) return { readBody: false, value: { refusal: error } };
      throw error;
    }
  };
  return toNodeHandler(handle, { admit, ...(options.onError ? { onError: options.onError } : {}) });

  function lookUp(req: IncomingMessage): Promise<ApiKeyLookup> {
    // The same reading of the headers as createMachineContext's (one Authorization: Node's first).
    const headers = new Headers();
    if (req.headers.cookie !== undefined) headers.set("cookie", "");
    if (req.headers.authorization !== undefined)
      headers.set("authorization", req.headers.authorization);
    const key = presentedApiKey(headers);
    return key
      ? lookUpApiKey(services.pool, key, services.now())
      : Promise.resolve({ status: "invalid" });
  }
}
