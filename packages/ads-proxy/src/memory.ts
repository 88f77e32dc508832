/**
 * Streaming a body through node:http allocates about twice its size in
 * short-lived buffers (the socket's reads and the HTTP parser's copies of
 * each chunk), which V8 frees lazily: left alone, it collects them only once
 * some 50–60 MB have piled up, so a process streaming a large report grows
 * by that much (bounded, whatever the file's size, but well above the 20 MB
 * the proxy aims for). When the process runs with `--expose-gc`, the proxy
 * asks V8 for a young-generation collection (a scavenge: about a millisecond
 * on a small heap) after every `bytes` it streamed, all answers together,
 * which keeps the growth near 10 MB. Without `--expose-gc` it does nothing.
 *
 * Returns what to call with each chunk streamed, or null when there is
 * nothing to do.
 */
export function createCollectionHint(bytes: number): ((chunk: Buffer) => void) | null {
  const collect = globalThis.gc;
  if (typeof collect !== "function" || bytes <= 0) return null;
  let streamed = 0;
  return (chunk) => {
    streamed += chunk.length;
    if (streamed < bytes) return;
    streamed = 0;
    collect({ type: "minor", execution: "sync" });
  };
}
