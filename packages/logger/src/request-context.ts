import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/**
 * The id of the HTTP request or job being served, carried through its async work so every log
 * line of it (pino's mixin, see index.ts) and its error answers (`data.requestId`) name it.
 */
const storage = new AsyncLocalStorage<{ requestId: string }>();

/** An incoming `x-request-id` is kept when it is 8–128 of these characters; otherwise replaced. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/** The caller's `x-request-id` when well-formed (REQUEST_ID_PATTERN), else a new uuid. */
export function requestIdFrom(given: string | string[] | null | undefined): string {
  return typeof given === "string" && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
}

/** Runs `fn` as the work of request (or job) `requestId`. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/** The id of the request or job whose work this is, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
