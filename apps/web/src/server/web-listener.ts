import type { IncomingMessage, ServerResponse } from "node:http";

import { isApiKeyRequest } from "./api-key-request";

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * The web service's one listener: internal apps' API-key calls to /api/trpc
 * go to the API's handler directly, everything else (pages, sessions, the
 * callback, health) to Next.js. See server.ts for why.
 *
 * A handler that fails is answered 500 (or its connection cut, when the
 * answer had begun) and reported, never left as an unhandled rejection that
 * would stop the process.
 */
export function routeWebRequests(handlers: {
  apiKeyCalls: RequestListener;
  next: RequestListener;
  onError: (error: unknown) => void;
}): RequestListener {
  return (req, res) => {
    const pathname = (req.url ?? "/").split("?", 1)[0]!;
    const handle = isApiKeyRequest(pathname, req.headers.authorization)
      ? handlers.apiKeyCalls
      : handlers.next;
    let answered: unknown;
    try {
      answered = handle(req, res);
    } catch (error) {
      answered = Promise.reject(error);
    }
    return Promise.resolve(answered).catch((error: unknown) => {
      handlers.onError(error);
      if (res.headersSent) res.destroy();
      else {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("Internal error.");
      }
    });
  };
}
