/**
 * Amazon's error texts are quoted in our messages because they say what went wrong, but a server
 * (or a stand-in for one) may echo what it was sent. Every value that must stay secret is cut out
 * of anything we quote, and so is anything shaped like an LwA token, whoever sent it.
 */
const LWA_TOKEN = /Atz[a-z]\|[^\s"',;&]+/g;
const MAX_QUOTED = 300;

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would cut ordinary words out of the message; real secrets are long.
    if (secret.length >= 6) out = out.split(secret).join("[redacted]");
  }
  out = out.replace(LWA_TOKEN, "[redacted token]");
  return out.length > MAX_QUOTED ? `${out.slice(0, MAX_QUOTED)}…` : out;
}
