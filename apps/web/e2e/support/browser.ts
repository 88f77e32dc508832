import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** Debian's Chromium (`apt-get install chromium`); playwright's own browser downloads cannot run here. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * Flags from ../shared/TOOLCHAIN.md: without the background-networking ones
 * Chromium keeps trying to reach Google on a machine with no network.
 * playwright gives every launch a fresh, temporary user data dir.
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's Chromium with \`apt-get update && apt-get install -y chromium\` (.ci/run does).`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Where every page's screenshot goes (git-ignored): look at them after a run. */
export const SCREENSHOTS = join(import.meta.dirname, "..", "screenshots");

/** The whole page from the top; with a dialog open, the viewport (the overlay covers only that). */
export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const modal = (await page.locator("[role=dialog], [role=alertdialog]").count()) > 0;
  if (!modal) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}.png`),
    fullPage: !modal,
    animations: "disabled",
  });
}

const axeSource = (() => {
  const require = createRequire(import.meta.url);
  return (require("axe-core") as { source: string }).source;
})();

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in the page (its source evaluated in it) and returns the
 * serious and critical violations, each with the elements it found.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // Every page has a title, but Next streams a dynamic page's metadata after its body: judged
  // before the <title> lands, the page would fail document-title (once seen after a redirect).
  await page.waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 10_000 });
  // Evaluated through the DevTools protocol, which the page's CSP does not govern: a `<script>`
  // tag with axe's source would be (rightly) refused for want of the page's nonce.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{
            violations: {
              id: string;
              impact: string | null;
              help: string;
              nodes: { target: unknown[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(" ")),
    }));
  });
  return violations.filter(
    (violation) => violation.impact === "serious" || violation.impact === "critical",
  );
}

export interface CspViolation {
  page: string;
  what: string;
}

/**
 * Records every Content-Security-Policy violation on `origin`'s pages in `context`: the
 * `securitypolicyviolation` events the pages raise (reported through a binding) and the
 * console errors Chromium prints for them. A CSP that blocked Next's scripts (no hydration)
 * shows up here.
 */
export async function recordCspViolations(
  context: BrowserContext,
  origin: string,
): Promise<CspViolation[]> {
  const violations: CspViolation[] = [];
  await context.exposeBinding("__adsconnectCspViolation", ({ page }, what: string) => {
    if (page.url().startsWith(origin)) violations.push({ page: page.url(), what });
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __adsconnectCspViolation: (what: string) => void })
        .__adsconnectCspViolation;
      void report(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
    });
  });
  context.on("console", (message) => {
    const page = message.page()?.url() ?? "";
    if (page.startsWith(origin) && /Content Security Policy/i.test(message.text())) {
      violations.push({ page, what: message.text() });
    }
  });
  return violations;
}
