/**
 * JSON with int64 values written as raw digits. Amazon sends profile ids as JSON numbers above
 * 2^53; `JSON.stringify` cannot write a `bigint`, and a JS number would already have lost digits,
 * so bigints are marked in a replacer and the marks are swapped for their digits afterwards.
 */
const MARK = "\u0000int64:";
// JSON.stringify escapes U+0000 as the six characters \u0000, so the mark survives as text.
const MARKED = /"\\u0000int64:(-?\d+)"/g;

export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "bigint" ? `${MARK}${v.toString()}` : v,
  ).replace(MARKED, "$1");
}
