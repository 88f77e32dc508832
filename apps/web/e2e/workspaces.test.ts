/**
 * Two people in one workspace, in a real browser (Debian's Chromium driven by playwright-core),
 * against the production build, the worker process and the Amazon sandbox process, on a database
 * of its own. Ada signs in, creates "Acme agency" in the workspace switcher, adds Bob by email on
 * the members page and connects an Amazon account. Bob signs in in a browser of his own, switches
 * to Acme agency and sees the account, connected by Ada, without the admin's controls (no
 * Disconnect, no Create key, no member management). The sandbox revokes the grant, the worker's
 * sweep marks the account "Reauthorization needed", and Bob reconnects it through Amazon's consent
 * page. Every page passes axe-core with no serious or critical violation and leaves a screenshot
 * in e2e/screenshots/ (named workspaces-*).
 */
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

let world: E2eWorld;
let seller: SeededUser;
let accountId: string;

/** One person's browser: their own cookies, their own page. */
interface Person {
  context: BrowserContext;
  page: Page;
  csp: CspViolation[];
}
let ada: Person;
let bob: Person;

async function openBrowser(): Promise<Person> {
  const context = await world.browser.newContext({
    viewport: { width: 1280, height: 860 },
    baseURL: world.web.url,
  });
  const csp = await recordCspViolations(context, world.web.url);
  return { context, page: await context.newPage(), csp };
}

beforeAll(async () => {
  world = await startE2eWorld({
    everySweepRefreshes: true,
    workerEnv: { WORKER_CONCURRENCY: "2" },
  });
  seller = await world.sandbox.admin.user("seller");
  ada = await openBrowser();
  bob = await openBrowser();
}, 180_000);

afterAll(() => world?.stop(), 60_000);

/** Screenshot and accessibility check of the person's page as it is now. */
async function check({ page, csp }: Person, name: string) {
  await page.waitForLoadState("networkidle");
  await screenshot(page, `workspaces-${name}`);
  const violations = await seriousA11yViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  expect(csp, name).toEqual([]);
}

function toast({ page }: Person, text: string | RegExp) {
  return page.locator("[data-sonner-toast]").filter({ hasText: text });
}

async function signIn({ page }: Person, email: string, name: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/Name/).fill(name);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/accounts$/);
}

function switcher({ page }: Person) {
  return page.getByRole("banner").getByRole("button", { name: /^Workspace: / });
}

/** The switcher once it names `workspace` (after a switch, the page loads afresh). */
function switcherShowing({ page }: Person, workspace: string) {
  return page
    .getByRole("banner")
    .getByRole("button", { name: `Workspace: ${workspace}. Switch workspace` });
}

/** Through the connect dialog and the sandbox's consent page, as a person clicks through it. */
async function throughAmazon({ page }: Person, button: "Connect account" | "Reconnect") {
  await page.getByRole("button", { name: button }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("radio", { name: /\(NA\)/ }).check();
  await dialog.getByRole("button", { name: "Continue to Amazon" }).click();
  await page.waitForURL(/\/na\/ap\/oa/);
  await page.locator(`input[name="user"][value="${seller.userId}"]`).check();
  await page.locator("#allow").click();
  await page.waitForURL(
    (url) => url.origin === world.web.url && url.pathname.startsWith("/accounts"),
  );
}

describe("two people in one workspace", () => {
  it(
    "Ada creates a workspace in the switcher and lands in it",
    async () => {
      await signIn(ada, "ada@example.com", "Ada Admin");
      await switcherShowing(ada, "Personal").waitFor();
      await switcher(ada).click();
      await ada.page.getByRole("menuitem", { name: "New workspace…" }).click();
      const dialog = ada.page.getByRole("dialog", { name: "New workspace" });
      await dialog.getByLabel("Name").fill("Acme agency");
      await check(ada, "01-new-workspace-dialog");
      await dialog.getByRole("button", { name: "Create workspace" }).click();
      await ada.page.waitForURL(/\/accounts$/);
      await switcherShowing(ada, "Acme agency").waitFor();
      await ada.page.getByRole("heading", { name: "No accounts connected yet" }).waitFor();
      await switcher(ada).click();
      await ada.page.getByRole("menuitem", { name: /Acme agency/ }).waitFor();
      await check(ada, "02-switcher-menu");
      await ada.page.keyboard.press("Escape");
    },
    STEP,
  );

  it(
    "Ada adds Bob by email on the members page",
    async () => {
      await ada.page.goto("/members");
      await ada.page.getByRole("heading", { name: "Members", level: 1 }).waitFor();
      await ada.page.getByLabel("Email").fill("bob@example.com");
      await ada.page.getByRole("button", { name: "Add" }).click();
      await toast(ada, "bob@example.com added").waitFor();
      const row = ada.page.getByRole("row").filter({ hasText: "bob@example.com" });
      await row.getByText("Not signed in yet").waitFor();
      await row.getByRole("combobox", { name: "Role of bob@example.com" }).waitFor();
      await check(ada, "03-members-admin");
      const added = await world.db.auditEvent.findMany({ where: { type: "member_added" } });
      expect(added).toHaveLength(1);
    },
    STEP,
  );

  it(
    "Ada connects an Amazon account into the workspace",
    async () => {
      await ada.page.goto("/accounts");
      await throughAmazon(ada, "Connect account");
      accountId = new URL(ada.page.url()).pathname.split("/")[2]!;
      expect(accountId).toMatch(/^[0-9a-f-]{36}$/);
      await toast(ada, "Account connected.").waitFor();
      await ada.page.getByRole("heading", { level: 1, name: seller.name }).waitFor();
      await ada.page.getByRole("button", { name: "Disconnect" }).waitFor();
      const account = await world.db.amazonAccount.findUniqueOrThrow({
        where: { id: accountId },
        select: { workspace: { select: { name: true } } },
      });
      expect(account.workspace.name).toBe("Acme agency");
    },
    STEP,
  );

  it(
    "Bob signs in, switches to Acme agency and sees Ada's account, without the admin's controls",
    async () => {
      await signIn(bob, "bob@example.com", "Bob Member");
      // His own personal workspace first: nothing there.
      await bob.page.getByRole("heading", { name: "No accounts connected yet" }).waitFor();
      await switcher(bob).click();
      await bob.page.getByRole("menuitem", { name: /Acme agency/ }).click();
      await switcherShowing(bob, "Acme agency").waitFor();
      const row = bob.page
        .getByRole("list", { name: "Connected Amazon accounts" })
        .getByRole("listitem")
        .filter({ hasText: seller.name });
      await row.getByText(/Connected by Ada Admin/).waitFor();
      await expect
        .poll(() => bob.page.getByRole("button", { name: "Connect account" }).count())
        .toBe(0);
      await check(bob, "04-accounts-member");

      await bob.page.goto(`/accounts/${accountId}`);
      await bob.page.getByRole("heading", { level: 1, name: seller.name }).waitFor();
      await bob.page
        .getByText(/Connected by Ada Admin/)
        .first()
        .waitFor();
      expect(await bob.page.getByRole("button", { name: "Disconnect" }).count()).toBe(0);
      // An active account needs no reconnecting: only an admin may.
      expect(await bob.page.getByRole("button", { name: "Reconnect" }).count()).toBe(0);
      await check(bob, "05-account-member");

      await bob.page.goto("/api-keys");
      await bob.page.getByRole("heading", { name: "API keys", level: 1 }).waitFor();
      expect(await bob.page.getByRole("button", { name: "Create key" }).count()).toBe(0);
      await check(bob, "06-api-keys-member");

      await bob.page.goto("/members");
      await bob.page.getByText("Only admins manage members").waitFor();
      await bob.page.getByRole("row").filter({ hasText: "Ada Admin" }).waitFor();
      expect(await bob.page.getByRole("combobox").count()).toBe(0);
      expect(await bob.page.getByRole("button", { name: /^Remove/ }).count()).toBe(0);
      await check(bob, "07-members-member");
    },
    STEP,
  );

  it(
    "Bob reconnects the account once the sandbox has revoked its grant",
    async () => {
      await world.sandbox.admin.revokeUser(seller.userId);
      await world.db.$executeRawUnsafe(
        `SELECT graphile_worker.add_job('sweep_due_accounts', '{}'::json)`,
      );
      const deadline = Date.now() + 90_000;
      for (;;) {
        const { status } = await world.db.amazonAccount.findUniqueOrThrow({
          where: { id: accountId },
        });
        if (status === "reauth_required") break;
        if (Date.now() > deadline)
          throw new Error(
            `the account is still ${status}; worker output:\n${world.worker.output()}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await bob.page.goto(`/accounts/${accountId}`);
      await bob.page.getByRole("alert").filter({ hasText: "Reauthorization needed" }).waitFor();
      expect(await bob.page.getByRole("button", { name: "Disconnect" }).count()).toBe(0);
      await check(bob, "08-account-reauth-member");

      await throughAmazon(bob, "Reconnect");
      expect(new URL(bob.page.url()).pathname).toBe(`/accounts/${accountId}`);
      await toast(bob, "Account reconnected").waitFor();
      await bob.page.locator("[data-status=active]").first().waitFor();
      await check(bob, "09-account-reconnected-member");
      const account = await world.db.amazonAccount.findUniqueOrThrow({ where: { id: accountId } });
      expect(account.status).toBe("active");
      const reconnected = await world.db.auditEvent.findFirstOrThrow({
        where: { accountId, type: "account_reconnected" },
        select: { actor: { select: { email: true } } },
      });
      expect(reconnected.actor?.email).toBe("bob@example.com");
    },
    STEP,
  );

  it(
    "Ada sees who did what in the workspace's activity",
    async () => {
      await ada.page.goto("/activity");
      const feed = ada.page.getByRole("list", { name: "Activity" });
      await feed
        .locator("[data-activity-type=account_reconnected]")
        .filter({ hasText: "Bob Member" })
        .waitFor();
      await feed
        .locator("[data-activity-type=account_connected]")
        .filter({ hasText: "Ada Admin" })
        .waitFor();
      await check(ada, "10-activity-admin");
    },
    STEP,
  );
});
