import type { IncomingMessage, ServerResponse } from "node:http";

/** Request bodies above this are refused (413): tRPC inputs here are small JSON. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/**
 * A Fetch API handler as a node:http listener: the request becomes a
 * `Request` (its body capped at MAX_REQUEST_BODY_BYTES) and the `Response`
 * is written back in one piece, or as it streams when the client asked for a
 * stream (httpBatchStreamLink), so those answers arrive part by part.
 * The request carries no abort signal: procedures here are short, and one
 * per request costs a measurable share of the hand-out's CPU.
 *
 * The web service mounts the API through this for internal apps' calls,
 * ahead of Next.js (see apps/web/server.ts); tests serve it the same way.
 */
export function toNodeHandler(
  handler: (req: Request) => Promise<Response>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      const method = req.method ?? "GET";
      const hasBody = method !== "GET" && method !== "HEAD";
      const body = hasBody ? await readBody(req) : undefined;
      if (body === null) {
        res.writeHead(413, { "content-type": "text/plain; charset=utf-8", connection: "close" });
        res.end(`Request body over ${MAX_REQUEST_BODY_BYTES} bytes.`);
        return;
      }
      const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
        method,
        headers: headersOf(req),
        ...(body ? { body } : {}),
      });
      const response = await handler(request);
      const headers = headerPairs(response.headers);
      if (!response.body || !isStreamed(req, response)) {
        // One write with its length: the common case, and the cheapest.
        const payload = Buffer.from(await response.arrayBuffer());
        headers["content-length"] = String(payload.length);
        res.writeHead(response.status, headers);
        res.end(payload);
        return;
      }
      res.writeHead(response.status, headers);
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        if (res.destroyed) break; // the client went away
        if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
      }
      res.end();
    } catch {
      // The handler answers its own errors; this is the bridge failing (a
      // client gone mid-stream, a malformed URL). Nothing useful to send.
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("Internal error.");
      } else res.destroy();
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

/** The body, or null once it grows past the cap. */
async function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    // HTTP/2 pseudo-headers (":path") are not headers a Request may carry.
    if (!raw[i]!.startsWith(":")) headers.append(raw[i]!, raw[i + 1]!);
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
