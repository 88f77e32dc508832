/** Small helpers over node:http shared by every route. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { stringifyJson } from "./json";
import type { LoggedRequest } from "./request-log";

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  requestId: string;
  /** The whole request body of an Ads API call, read before routing; undefined when too large. */
  body?: Buffer;
  /** This request's entry in the request log (Ads API hosts only). */
  logged?: LoggedRequest;
}

export class BodyTooLargeError extends Error {}

/**
 * Reads a body of at most `limit` bytes and drains (and counts) the rest of a larger one, so the
 * size of any upload is known without holding it: `body` is undefined when it was too large.
 */
export async function drainBody(
  req: IncomingMessage,
  limit: number,
): Promise<{ body: Buffer | undefined; bytes: number }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes <= limit) chunks.push(chunk);
    else chunks.length = 0;
  }
  return { body: bytes <= limit ? Buffer.concat(chunks) : undefined, bytes };
}

/** Reads the whole body; rejects bodies over `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(`body larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(
  ctx: RequestContext,
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {},
): void {
  const text = typeof body === "string" ? body : stringifyJson(body);
  if (ctx.res.headersSent || ctx.res.destroyed) return;
  ctx.res.writeHead(status, {
    "content-type": "application/json;charset=UTF-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  ctx.res.end(text);
}

export function sendHtml(ctx: RequestContext, status: number, html: string): void {
  if (ctx.res.headersSent || ctx.res.destroyed) return;
  ctx.res.writeHead(status, {
    "content-type": "text/html;charset=UTF-8",
    "content-length": Buffer.byteLength(html),
    "cache-control": "no-store",
    // Everything the page needs is inline; nothing may be fetched from elsewhere.
    "content-security-policy":
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:",
    "x-frame-options": "DENY",
  });
  ctx.res.end(html);
}

export function redirect(ctx: RequestContext, location: string): void {
  if (ctx.res.headersSent || ctx.res.destroyed) return;
  ctx.res.writeHead(302, { location, "content-length": 0, "cache-control": "no-store" });
  ctx.res.end();
}

/** Amazon's classic Ads API error body. */
export function sendClassicError(
  ctx: RequestContext,
  status: number,
  code: string,
  details: string,
): void {
  sendJson(ctx, status, { code, details, requestId: ctx.requestId });
}

/** Amazon DSP-style error body. */
export function sendDspError(
  ctx: RequestContext,
  status: number,
  message: string,
  errors?: { errorType: string; field?: string; message: string }[],
): void {
  sendJson(ctx, status, { message, requestId: ctx.requestId, ...(errors ? { errors } : {}) });
}

export function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Resolves after `ms` unless the sandbox closes first; tracks the timer so close() can clear it. */
export function delay(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });
}
