import type { IncomingMessage, ServerResponse } from "node:http";

import { isApiKeyRequest } from "./api-key-request";

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * The web service's one listener: internal apps' API-key calls to /api/trpc
 * go to the API's handler directly, everything else (pages, sessions, the
 * callback, health) to Next.js. See server.ts for why.
 */
export function routeWebRequests(handlers: {
  apiKeyCalls: RequestListener;
  next: RequestListener;
}): RequestListener {
  return (req, res) => {
    const pathname = (req.url ?? "/").split("?", 1)[0]!;
    return isApiKeyRequest(pathname, req.headers.authorization)
      ? handlers.apiKeyCalls(req, res)
      : handlers.next(req, res);
  };
}
