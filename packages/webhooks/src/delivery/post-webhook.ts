import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";

import type { CheckedTarget } from "../ssrf-guard";

/** At most this much of a response body is kept in the attempts log. */
export const RESPONSE_BODY_LIMIT = 1024;

export interface PostOutcome {
  /** The response's status, or null when none came (refused, reset, timed out). */
  responseCode: number | null;
  /** At most RESPONSE_BODY_LIMIT bytes of it, as text. */
  responseBody: string | null;
  /** Why no 2xx came, in words; null on success. */
  error: string | null;
  durationMs: number;
}

/**
 * POSTs `body` to the checked target over a connection pinned to the checked address: the
 * `lookup` below answers that address whatever DNS says now, so a name that rebinds to a private
 * address after the check is never reached. Redirects are not followed. Reads at most 1 KiB of
 * the answer.
 */
export function postWebhook(
  target: CheckedTarget,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<PostOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { address, family } = target.address;
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const transport = target.url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<PostOutcome, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: elapsed() });
    };
    const request = transport.request(target.url, {
      method: "POST",
      lookup: pinned,
      agent: false,
      headers: {
        ...headers,
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
        "user-agent": "adsconnect-webhooks/1",
      },
    });
    const timer = setTimeout(() => {
      request.destroy();
      finish({ responseCode: null, responseBody: null, error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    request.on("error", (error: NodeJS.ErrnoException) =>
      finish({
        responseCode: null,
        responseBody: null,
        error: `could not deliver: ${error.code ?? error.message}`,
      }),
    );
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const done = () => {
        const code = response.statusCode ?? 0;
        // Postgres text cannot hold NUL: a binary answer would fail the attempt's record and the
        // message would be tried again forever.
        const text = Buffer.concat(chunks)
          .subarray(0, RESPONSE_BODY_LIMIT)
          .toString("utf8")
          .replaceAll("\u0000", "\uFFFD");
        finish({
          responseCode: code,
          responseBody: text,
          error: code >= 200 && code < 300 ? null : `the endpoint answered ${code}`,
        });
        response.destroy();
      };
      response.on("data", (chunk: Buffer) => {
        if (kept < RESPONSE_BODY_LIMIT) chunks.push(chunk);
        kept += chunk.length;
        if (kept >= RESPONSE_BODY_LIMIT) done();
      });
      response.on("end", done);
      response.on("error", done);
    });
    request.end(body);
  });
}
