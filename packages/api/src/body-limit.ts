/**
 * A Fetch API request's body, read up to `maxBytes`: the same request with its body buffered,
 * or null when the body is larger (its Content-Length says so, and then nothing is read; or it
 * grows past the cap, and then the rest is not read). Requests without a body come back as
 * they are. For handlers that read bodies themselves (Next route handlers: the dashboard's
 * /api/trpc, local sign-in), which no server in front of them caps.
 */
export async function readCappedBody(req: Request, maxBytes: number): Promise<Request | null> {
  if (req.body === null) return req;
  if (Number(req.headers.get("content-length") ?? 0) > maxBytes) return null;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new Request(req.url, { method: req.method, headers: req.headers, body });
}

/** What a body over `maxBytes` is told. */
export function bodyTooLargeMessage(maxBytes: number): string {
  return `Request bodies here may be at most ${maxBytes} bytes.`;
}
