import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface FirstLoadJs {
  files: number;
  /** Bytes as built. */
  raw: number;
  /** Bytes gzipped (what `next build` used to report as "First Load JS"). */
  gzip: number;
}

/**
 * The JavaScript a first visit to a page loads, from the build itself: every
 * /_next/static/…/*.js the page fetched (read from the browser's resource
 * timing, so chunks the RSC payload pulls in during hydration count too), each
 * file read from .next/static and gzipped. Next 16's `next build` no longer
 * prints per-route sizes, so this is computed rather than parsed.
 */
export function firstLoadJs(webRoot: string, scriptUrls: string[]): FirstLoadJs {
  const files = [
    ...new Set(
      scriptUrls
        .map((url) => new URL(url).pathname)
        .filter((path) => path.startsWith("/_next/static/") && path.endsWith(".js")),
    ),
  ];
  let raw = 0;
  let gzip = 0;
  for (const path of files) {
    const body = readFileSync(
      join(webRoot, ".next", "static", decodeURIComponent(path.slice("/_next/static/".length))),
    );
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { files: files.length, raw, gzip };
}
