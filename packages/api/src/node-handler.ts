import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

/** Request bodies above this are refused (413): tRPC inputs here are small JSON. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** What `admit` decided about a request, from its line and headers alone. */
export interface Admission<A> {
  /**
   * false: the handler answers without the body (a refusal), which is never read; when the
   * client was still sending one, the connection closes after the answer.
   */
  readBody: boolean;
  /** Handed to the handler with the request. */
  value: A;
}

export interface NodeHandlerOptions<A = undefined> {
  /** Told when the bridge itself fails (the handler answers its own errors). */
  onError?: (error: unknown) => void;
  /**
   * Runs before any of the body is read (authentication, rate limits: apps/api's /trpc, see
   * machine/listener.ts), so a refused caller is answered at once however large or slow its
   * body. Default: every request's body is read.
   */
  admit?: (req: IncomingMessage) => Promise<Admission<A>>;
  /** Request bodies above this are refused with 413, unread past it. Default MAX_REQUEST_BODY_BYTES. */
  maxBodyBytes?: number;
}

/**
 * A Fetch API handler as a node:http listener: the request becomes a
 * `Request` (its body capped at MAX_REQUEST_BODY_BYTES) and the `Response`
 * is written back in one piece, or piped as it streams when the client asked
 * for a stream (httpBatchStreamLink), so those answers arrive part by part.
 * The request carries no abort signal: procedures here are short, and one
 * per request costs a measurable share of the hand-out's CPU.
 *
 * apps/api serves the machine router through this (apps/api/src/server.ts);
 * tests serve either router the same way (src/testing/serve.ts).
 */
export function toNodeHandler<A = undefined>(
  handler: (req: Request, admitted: A | undefined) => Promise<Response>,
  options: NodeHandlerOptions<A> = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES;
  return async (req, res) => {
    try {
      const method = req.method ?? "GET";
      const admission = options.admit ? await options.admit(req) : undefined;
      const hasBody = method !== "GET" && method !== "HEAD";
      const readsBody = hasBody && (admission?.readBody ?? true);
      const body = readsBody ? await readBody(req, maxBodyBytes) : undefined;
      if (body === null) {
        res.writeHead(413, { "content-type": "text/plain; charset=utf-8", connection: "close" });
        res.end(`Request body over ${maxBodyBytes} bytes.`);
        return;
      }
      // A fixed origin: the API reads only the path and query, and a Host
      // header is the client's to garble.
      const request = new Request(`http://localhost${req.url ?? "/"}`, {
        method,
        headers: headersOf(req),
        ...(body ? { body } : {}),
      });
      const response = await handler(request, admission?.value);
      const headers = headerPairs(response.headers);
      // A body left unread (a refusal) is not drained: the connection ends with the answer.
      if (hasBody && !readsBody && !req.complete) headers.connection = "close";
      if (!response.body || !isStreamed(req, response)) {
        // One write with its length: the common case, and the cheapest.
        const payload = Buffer.from(await response.arrayBuffer());
        headers["content-length"] = String(payload.length);
        res.writeHead(response.status, headers);
        res.end(payload);
        return;
      }
      res.writeHead(response.status, headers);
      // Backpressure, and a client that goes away (the stream is cancelled), in one place.
      await pipeline(Readable.fromWeb(response.body as NodeReadableStream), res);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        // A client gone mid-stream is not a failure worth telling.
        if ((error as NodeJS.ErrnoException).code === "ERR_STREAM_PREMATURE_CLOSE") return;
      } else {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("Internal error.");
      }
      options.onError?.(error);
    }
  };
}

/** Whether the answer is a stream: asked for by httpBatchStreamLink, or server-sent events. */
function isStreamed(req: IncomingMessage, response: Response): boolean {
  return (
    req.headers["trpc-accept"] === "application/jsonl" ||
    (response.headers.get("content-type")?.startsWith("text/event-stream") ?? false)
  );
}

/** The body, or null when its Content-Length says it is over `max` or once it grows past it. */
async function readBody(
  req: IncomingMessage,
  max: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(req.headers["content-length"] ?? 0) > max) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The request's headers as Node parsed them, so a duplicated header means
 * here what it means to Node (one Authorization: the first).
 */
function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else headers.set(name, value);
  }
  return headers;
}

/** Response headers for writeHead, keeping every Set-Cookie apart. */
function headerPairs(headers: Headers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  headers.forEach((value, name) => {
    if (name !== "set-cookie") out[name] = value;
  });
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) out["set-cookie"] = cookies;
  return out;
}
