import type { z } from "zod";
import { AmazonError } from "./errors";
import type { HttpResponse } from "./http";

/**
 * A 2xx body checked against the documented shape. A mismatch is a server_error (Amazon broke
 * its contract; a caller may try again later) naming the fields only: bodies hold tokens and
 * personal data. It is not retried at once: the same answer would most likely come back.
 */
export function parseBody<T>(
  res: HttpResponse,
  operation: string,
  schema: z.ZodType<T>,
  parse: (text: string) => unknown,
): T {
  let json: unknown;
  try {
    json = parse(res.body);
  } catch {
    throw unexpected(res, operation, "not JSON");
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "(body)"))]
    .slice(0, 5)
    .join(", ");
  throw unexpected(res, operation, `bad or missing: ${fields}`);
}

function unexpected(res: HttpResponse, operation: string, what: string): AmazonError {
  return new AmazonError({
    amazonKind: "server_error",
    status: res.status,
    requestId: res.requestId,
    message:
      `${operation}: HTTP ${res.status} but the answer does not have the documented shape (${what}). ` +
      `Try again later; if it persists, Amazon changed its answer.` +
      (res.requestId ? ` Amazon request id: ${res.requestId}.` : ""),
  });
}
