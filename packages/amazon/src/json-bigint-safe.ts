/**
 * JSON.parse turns Amazon's int64 profile ids into doubles before anything else sees them
 * (4400000000000000101 becomes 4400000000000000000), and a reviver only gets the rounded value:
 * Node 20 has no `context.source`. So integers under the named keys are quoted in the raw text
 * first, and JSON.parse then keeps them as exact decimal strings.
 *
 * The pass walks the text as JSON tokens rather than with a regex so that text inside string
 * values (a profile name such as `"profileId": 1`) is never rewritten, and only values written
 * directly after one of the keys are touched (array elements and other keys are left alone).
 */
export function parseJsonKeepingIntegers(text: string, keys: ReadonlySet<string>): unknown {
  return JSON.parse(quoteIntegersUnderKeys(text, keys));
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const INTEGER = /^-?\d+$/;

/** Exported for tests: the rewritten text, still valid JSON when the input was. */
export function quoteIntegersUnderKeys(text: string, keys: ReadonlySet<string>): string {
  const out: string[] = [];
  let copiedUpTo = 0;
  let lastString: string | null = null;
  // The key whose value comes next, set on ':' and cleared by anything that ends that position.
  let currentKey: string | null = null;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      const start = i + 1;
      i = start;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      lastString = text.slice(start, i);
      currentKey = null;
      i += 1;
      continue;
    }
    if (ch === ":") {
      currentKey = lastString;
      i += 1;
      continue;
    }
    if (ch === "-" || (ch >= "0" && ch <= "9")) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      const token = match?.[0] ?? ch;
      if (currentKey !== null && keys.has(currentKey) && INTEGER.test(token)) {
        out.push(text.slice(copiedUpTo, i), '"', token, '"');
        copiedUpTo = i + token.length;
      }
      currentKey = null;
      i += token.length;
      continue;
    }
    if (ch === "," || ch === "{" || ch === "[" || ch === "}" || ch === "]") currentKey = null;
    i += 1;
  }
  if (copiedUpTo === 0) return text;
  out.push(text.slice(copiedUpTo));
  return out.join("");
}
