import type { ServerResponse } from "node:http";

/**
 * Answers with `body` as JSON, never cached: what apps/api and the worker serve from plain
 * node:http besides proxied calls and metrics (/health, and their 404, 405 and 500 answers).
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(json);
}
