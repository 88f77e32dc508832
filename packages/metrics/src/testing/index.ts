/**
 * For tests that scrape a metrics endpoint (web, api, worker): Prometheus's text format read
 * back into metric families. Not for production code.
 */
export interface ParsedMetric {
  name: string;
  /** From `# TYPE`: counter, gauge, histogram, summary, untyped. */
  type: string;
  help: string;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Every metric family of a scrape, by name. Throws on a line it cannot read. */
export function parsePrometheusText(text: string): Map<string, ParsedMetric> {
  const families = new Map<string, ParsedMetric>();
  const family = (name: string) => {
    let found = families.get(name);
    if (!found) families.set(name, (found = { name, type: "untyped", help: "", samples: [] }));
    return found;
  };
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    if (line.startsWith("# HELP ")) {
      const [name, ...help] = line.slice(7).split(" ");
      family(name!).help = help.join(" ");
      continue;
    }
    if (line.startsWith("# TYPE ")) {
      const [name, type] = line.slice(7).split(" ");
      family(name!).type = type!;
      continue;
    }
    if (line.startsWith("#")) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const [, sampleName, labelText, value] = match;
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (labelText ?? "").matchAll(LABEL))
      labels[key!] = raw!.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    const base = familyOf(sampleName!, families);
    family(base).samples.push({ name: sampleName!, labels, value: Number(value) });
  }
  return families;
}

/** A histogram's `_bucket`, `_sum` and `_count` samples belong to its family. */
function familyOf(sample: string, families: Map<string, ParsedMetric>): string {
  for (const suffix of ["_bucket", "_sum", "_count", "_total", "_created"]) {
    if (!sample.endsWith(suffix)) continue;
    const base = sample.slice(0, -suffix.length);
    const known = families.get(base);
    if (known && known.type !== "counter") return base;
  }
  return sample;
}
