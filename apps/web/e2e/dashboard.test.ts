/**
 * The dashboard in a real browser (Debian's Chromium driven by playwright-core)
 * against the production build (`next start`, as railway.json runs it), the worker process, the
 * machine API (apps/api) and the Amazon sandbox process, on a database of its own: sign in,
 * connect an account in each region through Amazon's consent page, deny at Amazon, lose a grant
 * and see the worker's sweep flag it, reconnect, use and revoke an API key with the typed client
 * against the machine API, disconnect, and at last delete all of the person's data (typed
 * confirmation, signed out, a new sign-in starts empty). Every page passes axe-core with no serious or
 * critical violation, and leaves a screenshot in e2e/screenshots/.
 */
import type { ApiService } from "@adsconnect/api-service/testing";
import { localUserIdForEmail } from "@adsconnect/auth";
import { createAdsConnectClient } from "@adsconnect/client";
import type { SeededUser } from "@adsconnect/test-sandbox";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  recordCspViolations,
  screenshot,
  seriousA11yViolations,
  type CspViolation,
} from "./support/browser";
import { startE2eWorld, type E2eWorld } from "./support/world";

const STEP = 120_000;

let world: E2eWorld & { api: ApiService };
let context: BrowserContext;
let page: Page;
/** Every CSP violation on the app's pages, as the browser reported it: none is allowed. */
let cspViolations: CspViolation[] = [];
let users: Record<"seller" | "vendor" | "agency", SeededUser>;
/** Account ids by seeded user kind, as the connect flow lands on them. */
const accountIds: Partial<Record<"seller" | "vendor" | "agency", string>> = {};

beforeAll(async () => {
  world = await startE2eWorld({
    everySweepRefreshes: true,
    // Grace, the person this test signs in as, is an operator: she sees /operations.
    webEnv: { ADMIN_USER_IDS: localUserIdForEmail("grace@example.com") },
    workerEnv: { WORKER_CONCURRENCY: "4" },
    api: true,
  });
  const { sandbox, web, browser } = world;
  users = {
    seller: await sandbox.admin.user("seller"),
    vendor: await sandbox.admin.user("vendor"),
    agency: await sandbox.admin.user("agency"),
  };
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: web.url });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: web.url });
  cspViolations = await recordCspViolations(context, web.url);
  page = await context.newPage();
}, 180_000);

afterAll(() => world?.stop(), 60_000);

/** Screenshot and accessibility check of the page as it is now. */
async function check(name: string) {
  await page.waitForLoadState("networkidle");
  await screenshot(page, name);
  const violations = await seriousA11yViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  // The page runs under the app's CSP (a nonce per load): nothing of it was blocked.
  expect(cspViolations, name).toEqual([]);
  // And it hydrated: React's client ran, which Next's nonce-less scripts would not have.
  expect(await page.evaluate(() => "__next_f" in window), name).toBe(true);
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function toast(text: string | RegExp) {
  return page.locator("[data-sonner-toast]").filter({ hasText: text });
}

/** Connect through the dialog and the sandbox's consent page, the way a person clicks through it. */
async function connectThroughAmazon(
  region: "NA" | "EU" | "FE",
  user: SeededUser,
  decision: "allow" | "cancel",
  { reconnect = false } = {},
) {
  await page
    .getByRole("button", { name: reconnect ? "Reconnect" : "Connect account" })
    .first()
    .click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  await dialog.getByRole("radio", { name: new RegExp(`\\(${region}\\)`) }).check();
  await dialog.getByRole("button", { name: "Continue to Amazon" }).click();
  await page.waitForURL(new RegExp(`/${region.toLowerCase()}/ap/oa`));
  await page.locator(`input[name="user"][value="${user.userId}"]`).check();
  await page.locator(decision === "allow" ? "#allow" : "#cancel").click();
  await page.waitForURL(
    (url) => url.origin === world.web.url && url.pathname.startsWith("/accounts"),
  );
}

describe("the dashboard in Chromium", () => {
  it(
    "signs a person in locally from the landing page, and shows what connecting does",
    async () => {
      await page.goto("/");
      await check("01-landing");
      await page.getByRole("link", { name: "Get started" }).click();
      await page.waitForURL(/\/sign-in/);
      await check("02-sign-in");
      await page.getByLabel("Email").fill("grace@example.com");
      await page.getByLabel(/Name/).fill("Grace Hopper");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/accounts$/);
      await page.getByRole("heading", { name: "No accounts connected yet" }).waitFor();
      await page.getByText("Grace Hopper").waitFor();
      await check("03-accounts-empty");
    },
    STEP,
  );

  it(
    "connects an account in each region through Amazon's consent page and shows its profiles and DSP advertisers",
    async () => {
      for (const [kind, region] of [
        ["seller", "NA"],
        ["vendor", "FE"],
        ["agency", "EU"],
      ] as const) {
        await page.goto("/accounts");
        if (kind === "seller") {
          // By keyboard: the dialog takes focus, Escape closes it and focus returns to its button.
          const open = page.getByRole("button", { name: "Connect account" }).first();
          await open.focus();
          await page.keyboard.press("Enter");
          const dialog = page.getByRole("dialog", { name: "Connect an Amazon Ads account" });
          await dialog.waitFor();
          await expect
            .poll(() => dialog.evaluate((node) => node.contains(document.activeElement)))
            .toBe(true);
          await check("04-connect-dialog");
          await page.keyboard.press("Escape");
          await dialog.waitFor({ state: "detached" });
          await expect
            .poll(() => open.evaluate((node) => node === document.activeElement))
            .toBe(true);
        }
        await connectThroughAmazon(region, users[kind], "allow");
        const url = new URL(page.url());
        expect(url.pathname).toMatch(/^\/accounts\/[0-9a-f-]{36}$/);
        accountIds[kind] = url.pathname.split("/")[2]!;
        await toast("Account connected.").waitFor();
        await page.getByRole("heading", { level: 1, name: users[kind].name }).waitFor();
        for (const profile of users[kind].profiles)
          await page.getByText(profile.profileId, { exact: true }).first().waitFor();
        // The outcome leaves the address, so a reload does not repeat it.
        await page.waitForURL((next) => !next.search.includes("connect="));
      }

      // The agency's advertisers: every page of Amazon's, searchable.
      const agencyProfile = users.agency.profiles.find(
        (profile) => (profile.dspAdvertiserCount ?? 0) > 100,
      )!;
      const section = page.getByRole("region", {
        name: new RegExp(`^${escapeRegExp(agencyProfile.name)}`),
      });
      await section
        .getByRole("heading", {
          name: new RegExp(`${agencyProfile.dspAdvertiserCount} advertisers`),
        })
        .waitFor();
      await expect.poll(() => section.getByRole("row").count()).toBe(11); // header + the first 10
      await section
        .getByRole("button", { name: `Show all ${agencyProfile.dspAdvertiserCount} advertisers` })
        .click();
      await expect
        .poll(() => section.getByRole("row").count())
        .toBe(agencyProfile.dspAdvertiserCount! + 1);
      const firstName = (await section
        .getByRole("row")
        .nth(1)
        .getByRole("cell")
        .first()
        .textContent())!;
      await section.getByRole("searchbox").fill(firstName);
      await expect.poll(() => section.getByRole("row").count()).toBeLessThan(5);
      await section.getByRole("searchbox").fill("");
      await section.getByRole("button", { name: "Show the first 10" }).click();
      await check("05-account-agency");

      await page.goto("/accounts");
      const rows = page
        .getByRole("list", { name: "Connected Amazon accounts" })
        .getByRole("listitem");
      await expect.poll(() => rows.count()).toBe(3);
      for (const kind of ["seller", "vendor", "agency"] as const) {
        const row = rows.filter({ hasText: users[kind].name });
        await row.getByText("Active").first().waitFor();
        await row.getByText(String(users[kind].profiles.length), { exact: true }).waitFor();
      }
      // The countdown ticks: the expiry in five minutes shows as "in 4m 59s" and then less.
      const countdown = rows.first().locator("time[datetime] [aria-hidden=true]").first();
      const before = await countdown.textContent();
      expect(before).toMatch(/^in [0-5]m \d\ds$/);
      await page.waitForTimeout(1200);
      expect(await countdown.textContent()).not.toBe(before);
      await check("06-accounts");
    },
    STEP * 2,
  );

  it(
    "shows a refusal at Amazon as cancelled, and saves nothing",
    async () => {
      await page.goto("/accounts");
      await connectThroughAmazon("NA", users.seller, "cancel");
      expect(new URL(page.url()).pathname).toBe("/accounts");
      await toast("Connection cancelled at Amazon").waitFor();
      await check("07-cancelled-toast");
      await expect
        .poll(() =>
          page
            .getByRole("list", { name: "Connected Amazon accounts" })
            .getByRole("listitem")
            .count(),
        )
        .toBe(3);
    },
    STEP,
  );

  it(
    "explains a failed connection with what to do and Amazon's request id",
    async () => {
      await page.goto("/accounts?connect=failed&reason=expired_state&request_id=amzn-req-42");
      await toast("Connection failed")
        .filter({ hasText: "longer than 10 minutes" })
        .filter({ hasText: "amzn-req-42" })
        .waitFor();
      await page.waitForURL((url) => url.search === "");
    },
    STEP,
  );

  it(
    "shows Reauthorization needed once the worker's sweep meets a grant revoked at Amazon",
    async () => {
      await world.sandbox.admin.revokeUser(users.vendor.userId);
      // The sweep runs every minute; queue one now rather than wait for the clock.
      await world.db.$executeRawUnsafe(
        `SELECT graphile_worker.add_job('sweep_due_accounts', '{}'::json)`,
      );
      const deadline = Date.now() + 90_000;
      for (;;) {
        const account = await world.db.amazonAccount.findUniqueOrThrow({
          where: { id: accountIds.vendor! },
        });
        if (account.status === "reauth_required") break;
        if (Date.now() > deadline)
          throw new Error(
            `the vendor account is still ${account.status}; worker output:\n${world.worker.output()}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await page.goto("/accounts");
      const row = page.getByRole("listitem").filter({ hasText: users.vendor.name });
      await row.getByText("Reauthorization needed").first().waitFor();
      await page.goto(`/accounts/${accountIds.vendor}`);
      await page.getByRole("alert").filter({ hasText: "Reauthorization needed" }).waitFor();
      await check("08-account-reauth-required");
    },
    STEP,
  );

  it(
    "reconnects the account through Amazon and clears the warning",
    async () => {
      await page.goto(`/accounts/${accountIds.vendor}`);
      await connectThroughAmazon("FE", users.vendor, "allow", { reconnect: true });
      expect(new URL(page.url()).pathname).toBe(`/accounts/${accountIds.vendor}`);
      await toast("Account reconnected").waitFor();
      await page.getByRole("heading", { level: 1, name: users.vendor.name }).waitFor();
      await expect.poll(() => page.locator("[data-status=reauth_required]").count()).toBe(0);
      await expect
        .poll(() => page.getByRole("alert").filter({ hasText: "Reauthorization needed" }).count())
        .toBe(0);
      await page.locator("[data-status=active]").first().waitFor();
      // The account's own timeline and refresh-health chart tell the story.
      const timeline = page.getByRole("list", { name: "Account activity" });
      await timeline.getByText("Account reconnected").waitFor();
      await timeline.getByText("Reauthorization needed").waitFor();
      const chart = page.getByRole("img", { name: /successful and \d+ failed refreshes/ });
      expect(await chart.getAttribute("aria-label")).toMatch(/[1-9]\d* failed/);
      await check("09-account-reconnected");
    },
    STEP,
  );

  it(
    "warns when an account's consent nears a year",
    async () => {
      await world.db.amazonAccount.update({
        where: { id: accountIds.agency! },
        data: { consentedAt: new Date(Date.now() - 340 * 86_400_000) },
      });
      await page.goto(`/accounts/${accountIds.agency}`);
      await page.getByRole("alert").filter({ hasText: "Consent is 340 days old" }).waitFor();
      await page.getByRole("meter", { name: "Consent age" }).waitFor();
      expect(
        await page.getByRole("meter", { name: "Consent age" }).getAttribute("aria-valuenow"),
      ).toBe("340");
      await check("09b-account-consent-ageing");
      await page.goto("/accounts");
      await page
        .getByRole("listitem")
        .filter({ hasText: users.agency.name })
        .getByText("Consent 340 days old")
        .waitFor();
      await page.getByText("1 consent near a year").waitFor();
      await check("09c-accounts-consent-ageing");
    },
    STEP,
  );

  it(
    "lists the audit trail, filterable by account and by type",
    async () => {
      await page.goto("/activity");
      const feed = page.getByRole("list", { name: "Activity" });
      await feed.getByText("Account connected").first().waitFor();
      await expect
        .poll(() => feed.locator("[data-activity-type=account_connected]").count())
        .toBe(3);
      await check("10-activity");

      await page.getByRole("button", { name: /Type/ }).click();
      await page.getByRole("menuitemcheckbox", { name: "Reauthorization needed" }).click();
      await page.keyboard.press("Escape");
      await page.waitForURL(/type=reauth_required/);
      await feed.locator("[data-activity-type=reauth_required]").waitFor();
      await expect.poll(() => feed.locator("[data-activity-type]").count()).toBe(1);

      await page.getByRole("button", { name: "Clear filters" }).click();
      await page.waitForURL((url) => url.pathname === "/activity" && url.search === "");
      await page.getByRole("combobox", { name: "Account" }).click();
      await page.getByRole("option", { name: users.agency.name }).click();
      await page.waitForURL(new RegExp(`account=${accountIds.agency}`));
      await feed.locator("[data-activity-type=account_connected]").waitFor();
      const types = await feed
        .locator("[data-activity-type]")
        .evaluateAll((items) => items.map((item) => item.getAttribute("data-activity-type")));
      expect(types).not.toContain("reauth_required");
      expect(types).not.toContain("account_reconnected");
      await check("11-activity-filtered");
    },
    STEP,
  );

  it(
    "shows an operator the whole system: status, workers, the 24 h chart, accounts by status, the last failures with Amazon's codes and request ids",
    async () => {
      await page.goto("/accounts");
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "Operations" })
        .click();
      await page.waitForURL(/\/operations$/);
      await page.getByRole("heading", { name: "Operations", level: 1 }).waitFor();
      await page.getByRole("heading", { name: "System status" }).waitFor();
      // The worker process is running: its heartbeat is fresh.
      await page.getByText("Alive").first().waitFor();
      await page
        .getByRole("img", { name: /successful and \d+ failed refreshes in the last 24 hours/ })
        .waitFor();
      // The grant revoked earlier, refused by Amazon: its code and Amazon's request id are listed.
      const failures = page.getByRole("row").filter({ hasText: "Grant refused" });
      await failures.first().getByText("invalid_grant").waitFor();
      const requestId = await failures.first().locator("code").nth(1).textContent();
      expect(requestId).toMatch(/\S{8,}/);
      // Counts only: no person's email or account's name anywhere on the page.
      const text = await page.locator("main").innerText();
      expect(text).not.toContain("grace@example.com");
      for (const user of Object.values(users)) expect(text).not.toContain(user.name);
      await check("10b-operations");
    },
    STEP,
  );

  it(
    "creates an API key shown once, which the typed client uses until it is revoked",
    async () => {
      await page.goto("/api-keys");
      await page.getByLabel("Name").fill("reporting service");
      await page.getByRole("button", { name: "Create key" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByText("shown only this once").waitFor();
      const key = await dialog.getByLabel("API key").inputValue();
      expect(key).toMatch(/^adc_/);
      await dialog.getByRole("button", { name: "Copy" }).click();
      await dialog.getByRole("button", { name: "Copied" }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
      await check("12-api-key-created");
      await dialog.getByRole("button", { name: "I have saved it" }).click();
      await dialog.waitFor({ state: "detached" });
      await expect.poll(() => page.getByText(key).count()).toBe(0);

      const row = page.getByRole("row").filter({ hasText: "reporting service" });
      const prefix = key.split("_").slice(0, 2).join("_");
      await row.getByText(`${prefix.slice(0, 12)}`, { exact: false }).waitFor();
      await row.getByText("Never used").waitFor();

      const client = createAdsConnectClient({ url: world.api.url, apiKey: key });
      // A key acts for its workspace: Grace's personal one.
      expect(await client.me.whoami.query()).toMatchObject({
        workspace: { kind: "personal", name: "Personal" },
      });
      const token = await client.tokens.getAccessToken.query({ accountId: accountIds.seller! });
      expect(token).toMatchObject({ accessToken: expect.stringMatching(/^Atza\|/) });

      await page.reload();
      await page
        .getByRole("row")
        .filter({ hasText: "reporting service" })
        .getByText(/just now|min ago/)
        .waitFor();
      await check("13-api-keys");

      await page.getByRole("button", { name: "Revoke reporting service" }).click();
      const confirm = page.getByRole("alertdialog");
      await confirm.getByText("stops working at once").waitFor();
      await check("14-api-key-revoke-confirm");
      await confirm.getByRole("button", { name: "Revoke key" }).click();
      await page
        .getByRole("row")
        .filter({ hasText: "reporting service" })
        .getByText("Revoked")
        .waitFor();
      await expect(client.me.whoami.query()).rejects.toMatchObject({
        data: { code: "UNAUTHORIZED" },
      });
    },
    STEP,
  );

  it(
    "disconnects an account behind a confirmation that says what is erased",
    async () => {
      await page.goto(`/accounts/${accountIds.seller}`);
      await page.getByRole("button", { name: "Disconnect" }).click();
      const confirm = page.getByRole("alertdialog");
      await confirm.getByText(/access and refresh tokens/).waitFor();
      await check("15-disconnect-confirm");
      await confirm.getByRole("button", { name: "Erase tokens and disconnect" }).click();
      await confirm.waitFor({ state: "detached" });
      // Updated in place, no reload: the badge, the alert, no Disconnect button any more.
      await page.locator("[data-status=disconnected]").waitFor();
      await page.getByRole("alert").filter({ hasText: "Disconnected" }).waitFor();
      await expect.poll(() => page.getByRole("button", { name: "Disconnect" }).count()).toBe(0);
      const account = await world.db.amazonAccount.findUniqueOrThrow({
        where: { id: accountIds.seller! },
      });
      expect(account).toMatchObject({
        status: "disconnected",
        refreshTokenCiphertext: null,
        accessTokenCiphertext: null,
      });
      await check("16-account-disconnected");
      await page.goto("/accounts");
      await page
        .getByRole("listitem")
        .filter({ hasText: users.seller.name })
        .locator("[data-status=disconnected]")
        .waitFor();
    },
    STEP,
  );

  it(
    "answers an unknown account with a page that helps, and works on a phone and in dark mode",
    async () => {
      await page.goto("/accounts/00000000-0000-4000-8000-000000000000");
      await page.getByRole("heading", { name: "No such account" }).waitFor();
      await check("17-account-not-found");

      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto("/accounts");
      await page.getByRole("list", { name: "Connected Amazon accounts" }).waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBe(0);
      await check("18-phone-accounts");
      await page.goto(`/accounts/${accountIds.agency}`);
      await page.getByRole("heading", { level: 1, name: users.agency.name }).waitFor();
      await check("19-phone-account");
      await page.goto("/activity");
      await page.getByRole("list", { name: "Activity" }).waitFor();
      await check("20-phone-activity");

      // The theme follows the system's dark mode, and stays readable there.
      await page.setViewportSize({ width: 1280, height: 860 });
      await page.emulateMedia({ colorScheme: "dark" });
      await page.goto(`/accounts/${accountIds.vendor}`);
      await page.getByRole("heading", { level: 1, name: users.vendor.name }).waitFor();
      await check("21-dark-account");
      await page.goto("/accounts");
      await page.getByRole("list", { name: "Connected Amazon accounts" }).waitFor();
      await check("22-dark-accounts");
    },
    STEP,
  );

  it(
    "ran every page under the app's CSP with no violation, and the CSP refuses a script without the page's nonce",
    async () => {
      expect(cspViolations).toEqual([]);
      // A stored script injection, as it would arrive: the app's real response (its CSP header
      // and all) with an inline <script> that lacks this page load's nonce.
      await page.route("**/activity", async (route) => {
        const response = await route.fetch();
        const body = (await response.text()).replace(
          "</body>",
          "<script>window.__injected = true</script></body>",
        );
        await route.fulfill({ response, body });
      });
      try {
        await page.goto("/activity");
        await page.getByRole("list", { name: "Activity" }).waitFor();
      } finally {
        await page.unroute("**/activity");
      }
      await expect.poll(() => cspViolations.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await page.evaluate(() => "__injected" in window)).toBe(false);
      expect(cspViolations.map((violation) => violation.what).join("\n")).toMatch(/script-src/);
      cspViolations.length = 0;
    },
    STEP,
  );
  it(
    "deletes all of the person's data behind a typed confirmation, signs them out, and a new sign-in starts empty",
    async () => {
      await page.emulateMedia({ colorScheme: "light" });
      const person = await world.db.user.findFirstOrThrow({
        where: { email: "grace@example.com" },
      });
      await page.goto("/api-keys");
      await page.getByLabel("Name").fill("last key");
      await page.getByRole("button", { name: "Create key" }).click();
      const created = page.getByRole("dialog");
      const apiKey = await created.getByLabel("API key").inputValue();
      await created.getByRole("button", { name: "I have saved it" }).click();
      await created.waitFor({ state: "detached" });
      const client = createAdsConnectClient({ url: world.api.url, apiKey });
      const personal = await world.db.workspace.findUniqueOrThrow({
        where: { personalOwnerId: person.id },
      });
      await expect(client.me.whoami.query()).resolves.toMatchObject({
        workspace: { id: personal.id },
      });

      await page.goto("/accounts");
      await page.getByRole("button", { name: "Delete my data" }).click();
      const confirm = page.getByRole("alertdialog");
      await confirm.getByText("erases, at once and for good").waitFor();
      const erase = confirm.getByRole("button", { name: "Delete everything" });
      expect(await erase.isDisabled()).toBe(true);
      await confirm.getByLabel(/to confirm/).fill("delete my");
      expect(await erase.isDisabled()).toBe(true);
      await confirm.getByLabel(/to confirm/).fill("delete my data");
      await check("23-delete-my-data-confirm");
      await erase.click();

      await page.waitForURL(/\/sign-in\?deleted=1$/);
      await page.getByText("Your data was deleted").waitFor();
      await check("24-data-deleted-signed-out");
      expect(await world.db.user.count({ where: { id: person.id } })).toBe(0);
      expect(
        await world.db.amazonAccount.count({
          where: { workspace: { personalOwnerId: person.id } },
        }),
      ).toBe(0);
      expect(
        await world.db.apiKey.count({ where: { workspace: { personalOwnerId: person.id } } }),
      ).toBe(0);
      expect(
        await world.db.auditEvent.count({ where: { workspace: { personalOwnerId: person.id } } }),
      ).toBe(0);
      expect(await world.db.personErasure.count()).toBe(1);
      await expect(client.me.whoami.query()).rejects.toMatchObject({
        data: { code: "UNAUTHORIZED" },
      });
      // Signed out: the dashboard sends the browser to sign in.
      await page.goto("/accounts");
      await page.waitForURL(/\/sign-in/);

      await page.getByLabel("Email").fill("grace@example.com");
      await page.getByLabel(/Name/).fill("Grace Hopper");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/accounts$/);
      await page.getByRole("heading", { name: "No accounts connected yet" }).waitFor();
    },
    STEP,
  );
  it(
    "signs out through the page's own form, after which a copy of the session cookie signs nobody in",
    async () => {
      await page.goto("/accounts");
      const copied = (await context.cookies()).filter((cookie) => cookie.name.startsWith("__"));
      expect(copied.map((cookie) => cookie.name)).toContain("__session");
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL(/\/sign-in/);
      const elsewhere = await world.browser.newContext({ baseURL: world.web.url });
      try {
        await elsewhere.addCookies(copied);
        const stolen = await elsewhere.newPage();
        await stolen.goto("/accounts");
        await stolen.waitForURL(/\/sign-in/);
      } finally {
        await elsewhere.close();
      }
      expect(cspViolations).toEqual([]);
    },
    STEP,
  );
});
