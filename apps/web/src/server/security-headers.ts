/**
 * The security headers every response of the web app carries (src/proxy.ts sets them on every
 * request it sees, and it sees every request): a Content-Security-Policy whose scripts need this
 * request's nonce, HSTS when the app is served over https, and the usual hardening headers.
 *
 * Next reads the nonce from the CSP on the *request* (the proxy forwards it) and puts it on
 * every script it renders; pages render per request (the root layout is dynamic), so each page
 * load gets its own. Clerk's ClerkProvider reads it the same way (and from `x-nonce`).
 */

export interface SecurityHeaderOptions {
  /** APP_URL: https turns on HSTS and upgrade-insecure-requests. */
  appUrl: string;
  /** Clerk's Frontend API host, when Clerk signs people in: its browser code loads from and calls it. */
  clerkFrontendApi: string | null;
  /** `next dev`: React's development build needs eval. */
  development: boolean;
}

/** A fresh nonce: 16 random bytes, base64 (what CSP's nonce-source and Next expect). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** Origins Clerk's browser code needs besides its Frontend API (Clerk's documented CSP). */
const CLERK_IMAGES = "https://img.clerk.com";
const CLERK_TELEMETRY = ["https://clerk-telemetry.com", "https://*.clerk-telemetry.com"];
const CLERK_CHALLENGES = "https://challenges.cloudflare.com";

/**
 * The policy: scripts only with this request's nonce (and what they load: 'strict-dynamic');
 * no plugins, no framing by anyone, forms and `<base>` only to this app. Without a nonce (Next's
 * own files, which render no HTML) no inline script runs at all.
 */
export function contentSecurityPolicy(nonce: string | null, options: SecurityHeaderOptions) {
  const clerk = options.clerkFrontendApi ? `https://${options.clerkFrontendApi}` : null;
  const directives: Record<string, (string | null | false)[]> = {
    "default-src": ["'self'"],
    "script-src": [
      "'self'",
      nonce && `'nonce-${nonce}'`,
      nonce && "'strict-dynamic'",
      clerk,
      options.development && "'unsafe-eval'",
    ],
    // React and the UI library set style attributes; styles cannot run code.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", clerk && CLERK_IMAGES],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", clerk, ...(clerk ? CLERK_TELEMETRY : [])],
    "frame-src": clerk ? ["'self'", CLERK_CHALLENGES] : ["'none'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  const policy = Object.entries(directives).map(([name, values]) =>
    [name, ...values.filter((value): value is string => Boolean(value))].join(" "),
  );
  if (isHttps(options.appUrl)) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

/** Powerful features this app never uses, denied to it and to anything it might embed. */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "hid=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "serial=()",
  "usb=()",
  "browsing-topics=()",
].join(", ");

/** Two years, the value HSTS preload lists ask for. */
export const HSTS = "max-age=63072000; includeSubDomains";

function isHttps(appUrl: string) {
  return new URL(appUrl).protocol === "https:";
}

/** Every header a response gets, the CSP with `nonce` (null for responses that are no page). */
export function securityHeaders(
  nonce: string | null,
  options: SecurityHeaderOptions,
): [string, string][] {
  const headers: [string, string][] = [
    ["content-security-policy", contentSecurityPolicy(nonce, options)],
    ["x-content-type-options", "nosniff"],
    ["referrer-policy", "strict-origin-when-cross-origin"],
    ["permissions-policy", PERMISSIONS_POLICY],
    // For browsers that predate frame-ancestors.
    ["x-frame-options", "DENY"],
  ];
  if (isHttps(options.appUrl)) headers.push(["strict-transport-security", HSTS]);
  return headers;
}
