/**
 * The dashboard's webhook pages in a real browser (Debian's Chromium driven by playwright-core),
 * against the production build, the worker process (which delivers) and the Amazon sandbox, on a
 * database of its own, with a real HTTP receiver started here: an admin adds an endpoint (its
 * secret shown once), sends a test event that arrives signed (checked with @adsconnect/client's
 * verifier) and shows in the attempts log, sees a real account event arrive, rotates the secret
 * (deliveries verify with both during the overlap), replays a message, watches a failing
 * receiver's answers logged and turns the endpoint off and on; a member of the same workspace
 * sees it all read-only. Every page passes axe-core and leaves a screenshot in e2e/screenshots/.
 */
import { localUserIdForEmail } from "@adsconnect/auth";
import { verifyWebhook } from "@adsconnect/client";
import type { SeededUser } from "@adsconnect/test-sandbox";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  recordCspViolations,
  screenshot,
  seriousA11yViolations,
  type CspViolation,
} from "./support/browser";
import {
  startWebhookReceiver,
  type ReceivedWebhook,
  type WebhookReceiver,
} from "./support/webhook-receiver";
import { startE2eWorld, type E2eWorld } from "./support/world";

const STEP = 120_000;
const ADMIN = { email: "ada@example.com", name: "Ada Admin" };
const MEMBER = { email: "max@example.com", name: "Max Member" };
const HOOK_PATH = "/hooks/reporting";
/** A receiver path that always fails. */
const DOWN_PATH = "/hooks/down";

let world: E2eWorld;
let receiver: WebhookReceiver;
let context: BrowserContext;
let page: Page;
/** Every CSP violation on the app's pages, per browser context: none is allowed. */
const cspViolations = new WeakMap<BrowserContext, CspViolation[]>();
let seller: SeededUser;
/** The shared workspace both people act in (the switcher's cookie picks it). */
let workspaceId: string;
/** What the admin's clicks produce, as later steps need it. */
let endpointId: string;
let firstSecret: string;
let secondSecret: string;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  world = await startE2eWorld({
    // The receiver listens on loopback over http, which production refuses (SSRF rules):
    // allowed here explicitly, as the webhook tests of packages/webhooks do.
    env: { WEBHOOK_ALLOW_PRIVATE_URLS: "true" },
    // Three attempts a second or two apart: a failing endpoint is disabled within seconds.
    workerEnv: { WEBHOOK_RETRY_SCHEDULE: "0,1s,3s" },
  });
  seller = await world.sandbox.admin.user("seller");
  workspaceId = await sharedWorkspace();
  context = await workspaceContext();
  page = await context.newPage();
  await signIn(page, ADMIN);
}, 180_000);

afterAll(async () => {
  await world?.stop();
  await receiver?.stop();
}, 60_000);

/** A local workspace with the admin and the member in it, made as the switcher's pages would. */
async function sharedWorkspace(): Promise<string> {
  const workspace = await world.db.workspace.create({
    data: { kind: "local", name: "Acme Analytics" },
  });
  for (const [person, role] of [
    [ADMIN, "admin"],
    [MEMBER, "member"],
  ] as const) {
    const id = localUserIdForEmail(person.email);
    await world.db.user.upsert({
      where: { id },
      create: { id, email: person.email, name: person.name },
      update: {},
    });
    await world.db.workspaceMembership.create({
      data: { workspaceId: workspace.id, userId: id, role },
    });
  }
  return workspace.id;
}

/** A browser context, not yet signed in. */
async function workspaceContext(): Promise<BrowserContext> {
  const next = await world.browser.newContext({
    viewport: { width: 1280, height: 860 },
    baseURL: world.web.url,
  });
  await next.grantPermissions(["clipboard-read", "clipboard-write"], { origin: world.web.url });
  cspViolations.set(next, await recordCspViolations(next, world.web.url));
  return next;
}

/**
 * Signs `person` in, then picks the shared workspace as the switcher does (its cookie: signing in
 * clears any earlier pick, and the switcher's own steps are e2e/workspaces.test.ts's).
 */
async function signIn(on: Page, person: { email: string; name: string }) {
  await on.goto("/sign-in");
  await on.getByLabel("Email").fill(person.email);
  await on.getByLabel(/Name/).fill(person.name);
  await on.getByRole("button", { name: "Sign in" }).click();
  await on.waitForURL(/\/accounts$/);
  await on
    .context()
    .addCookies([
      { name: "adsconnect_workspace", value: workspaceId, url: world.web.url, httpOnly: true },
    ]);
  await on.reload();
}

/** Screenshot and accessibility check of `on` as it is now. */
async function check(name: string, on: Page = page) {
  await on.waitForLoadState("networkidle");
  await screenshot(on, name);
  const violations = await seriousA11yViolations(on);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  expect(cspViolations.get(on.context()), name).toEqual([]);
  expect(await on.evaluate(() => "__next_f" in window), name).toBe(true);
}

function toast(text: string | RegExp) {
  return page.locator("[data-sonner-toast]").filter({ hasText: text });
}

const OTHER_SECRET = `whsec_${Buffer.from("a secret of another endpoint!").toString("base64")}`;

/** Whether `body` with the delivery's headers verifies under `secret`. */
function verifies(body: string, webhook: ReceivedWebhook, secret: string) {
  try {
    verifyWebhook(body, webhook.headers, secret);
    return true;
  } catch {
    return false;
  }
}

/** Deliveries to the endpoint so far: a later step waits for the next one. */
function deliveredCount() {
  return receiver.received.filter((webhook) => webhook.path === HOOK_PATH).length;
}

async function nextDelivery(after: number): Promise<ReceivedWebhook> {
  await expect.poll(deliveredCount, { timeout: 60_000 }).toBeGreaterThan(after);
  return receiver.received.filter((webhook) => webhook.path === HOOK_PATH)[after]!;
}

function attemptRows() {
  return page.getByRole("region", { name: "Delivery attempts" }).locator("tbody tr");
}

describe("the webhook pages in Chromium", () => {
  it(
    "lists Webhooks in the nav, and explains an empty page",
    async () => {
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "Webhooks" })
        .click();
      await page.waitForURL(/\/webhooks$/);
      await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
      await page.getByRole("heading", { name: "No endpoints yet" }).waitFor();
      await check("w01-webhooks-empty");
    },
    STEP,
  );

  it(
    "adds an endpoint by keyboard and shows its signing secret once, with a copy button",
    async () => {
      const open = page.getByRole("button", { name: "Add endpoint" });
      await open.focus();
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "Add a webhook endpoint" });
      await dialog.waitFor();
      await expect
        .poll(() => dialog.evaluate((node) => node.contains(document.activeElement)))
        .toBe(true);
      await dialog.getByLabel("Endpoint URL").fill(`${receiver.url}${HOOK_PATH}`);
      await dialog.getByLabel("Description (optional)").fill("reporting service");
      await dialog.getByRole("checkbox", { name: /account\.connected/ }).check();
      await dialog.getByRole("checkbox", { name: /account\.disconnected/ }).check();
      await check("w02-add-endpoint-dialog");
      await dialog.getByRole("button", { name: "Add endpoint" }).click();

      const created = page.getByRole("dialog", { name: "Endpoint added" });
      await created.getByText("shown only this once").waitFor();
      const field = created.getByLabel("Signing secret");
      firstSecret = await field.inputValue();
      expect(firstSecret).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
      // Shown with focus on it, ready to copy.
      expect(await field.evaluate((node) => node === document.activeElement)).toBe(true);
      await created.getByRole("button", { name: "Copy" }).click();
      await created.getByRole("button", { name: "Copied" }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstSecret);
      await check("w03-endpoint-secret");
      await created.getByRole("button", { name: "I have saved it" }).click();
      await created.waitFor({ state: "detached" });
      await expect.poll(() => open.evaluate((node) => node === document.activeElement)).toBe(true);
      // Once closed, it is nowhere on the page, nor in what the page holds.
      expect(await page.content()).not.toContain(firstSecret);

      const row = page
        .getByRole("region", { name: "Webhook endpoints" })
        .getByRole("row")
        .filter({ hasText: `${receiver.url}${HOOK_PATH}` });
      await row.getByText("Connected, Disconnected").waitFor();
      await row.locator("[data-endpoint-status=active]").waitFor();
      await row.getByText("Never").waitFor();
      endpointId = (await row.getAttribute("data-endpoint-id"))!;
      expect(endpointId).toMatch(/^[0-9a-f-]{36}$/);
      await check("w04-webhooks-list");
    },
    STEP,
  );

  it(
    "sends a test event that arrives signed and shows in the attempts log",
    async () => {
      await page.getByRole("link", { name: `${receiver.url}${HOOK_PATH}` }).click();
      await page.waitForURL(new RegExp(`/webhooks/${endpointId}$`));
      await page.getByRole("heading", { level: 1, name: "reporting service" }).waitFor();
      await page.getByText("No deliveries yet").waitFor();
      await check("w05-endpoint");

      const before = deliveredCount();
      await page.getByRole("button", { name: "Send test event" }).click();
      await page.getByRole("status").filter({ hasText: "Test event queued" }).waitFor();
      const delivery = await nextDelivery(before);
      expect(delivery.headers["content-type"]).toMatch(/^application\/json/);
      expect(delivery.headers["webhook-id"]).toBeTruthy();
      const event = verifyWebhook(delivery.body, delivery.headers, firstSecret);
      expect(event).toMatchObject({ type: "webhook.test", data: { workspaceId } });
      // The verifier is no rubber stamp: another secret, or a changed byte, fails.
      expect(verifies(delivery.body, delivery, OTHER_SECRET)).toBe(false);
      expect(verifies(delivery.body.replace("{", "{ "), delivery, firstSecret)).toBe(false);

      // The log polls after a send: the attempt shows without a reload.
      const row = attemptRows().first();
      await row.locator("[data-attempt-outcome=succeeded]").waitFor();
      await row.getByRole("cell", { name: "200", exact: true }).waitFor();
      await row.getByText(/^\d+ ms$/).waitFor();
      await check("w06-endpoint-test-delivered");
    },
    STEP,
  );

  it(
    "delivers a real account event when an account of the workspace is connected",
    async () => {
      const before = deliveredCount();
      await page.goto("/accounts");
      await page.getByRole("button", { name: "Connect account" }).first().click();
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("radio", { name: /\(NA\)/ }).check();
      await dialog.getByRole("button", { name: "Continue to Amazon" }).click();
      await page.waitForURL(/\/na\/ap\/oa/);
      await page.locator(`input[name="user"][value="${seller.userId}"]`).check();
      await page.locator("#allow").click();
      await page.waitForURL((url) => /^\/accounts\/[0-9a-f-]{36}$/.test(url.pathname));
      const accountId = new URL(page.url()).pathname.split("/")[2]!;

      const delivery = await nextDelivery(before);
      const event = verifyWebhook(delivery.body, delivery.headers, firstSecret);
      expect(event).toMatchObject({
        type: "account.connected",
        data: { accountId, workspaceId, status: "active" },
      });
      // Never a token: neither Amazon's access token nor its refresh token.
      expect(delivery.body).not.toMatch(/Atza|Atzr/);
    },
    STEP,
  );

  it(
    "rotates the secret: shown once with the overlap's end, and deliveries verify with both",
    async () => {
      await page.goto(`/webhooks/${endpointId}`);
      await page.getByRole("button", { name: "Rotate secret" }).click();
      const confirm = page.getByRole("alertdialog", { name: "Rotate the signing secret?" });
      await confirm.getByText("both secrets sign every delivery").waitFor();
      await check("w07-rotate-confirm");
      await confirm.getByRole("button", { name: "Rotate secret" }).click();

      const rotated = page.getByRole("alertdialog", { name: "New signing secret" });
      await rotated.getByText("shown only this once").waitFor();
      secondSecret = await rotated.getByLabel("Signing secret").inputValue();
      expect(secondSecret).toMatch(/^whsec_/);
      expect(secondSecret).not.toBe(firstSecret);
      const overlapEnd = await rotated.locator("[data-overlap-end]").textContent();
      expect(overlapEnd).toMatch(/\d/);
      await check("w08-rotated-secret");
      await rotated.getByRole("button", { name: "I have saved it" }).click();
      await rotated.waitFor({ state: "detached" });
      await page.getByText(/signed with both the new and the previous secret/).waitFor();
      expect(await page.content()).not.toContain(secondSecret);

      const before = deliveredCount();
      await page.getByRole("button", { name: "Send test event" }).click();
      const delivery = await nextDelivery(before);
      // Two signatures during the overlap: an app with either secret verifies it.
      verifyWebhook(delivery.body, delivery.headers, secondSecret);
      verifyWebhook(delivery.body, delivery.headers, firstSecret);
      await check("w09-endpoint-rotated");
    },
    STEP,
  );

  it(
    "replays a message: the same event, delivered again",
    async () => {
      await page.goto(`/webhooks/${endpointId}`);
      const rows = await attemptRows().count();
      const newest = receiver.received.filter((webhook) => webhook.path === HOOK_PATH).at(-1)!;
      const before = deliveredCount();
      await attemptRows()
        .first()
        .getByRole("button", { name: /^Replay / })
        .click();
      await toast("Replay queued").waitFor();
      const replayed = await nextDelivery(before);
      expect(replayed.headers["webhook-id"]).toBe(newest.headers["webhook-id"]);
      expect(replayed.body).toBe(newest.body);
      verifyWebhook(replayed.body, replayed.headers, secondSecret);
      // Logged as a new attempt of the same message: the log polls after a replay.
      await expect.poll(() => attemptRows().count(), { timeout: 15_000 }).toBe(rows + 1);
    },
    STEP,
  );

  it(
    "logs a failing receiver's status and answer, retries it, and lets an admin disable and enable the endpoint",
    async () => {
      receiver.answer(HOOK_PATH, {
        status: 503,
        body: `maintenance until tonight; ${"retry later. ".repeat(20)}`,
      });
      await page.goto(`/webhooks/${endpointId}`);
      const before = deliveredCount();
      await page.getByRole("button", { name: "Send test event" }).click();
      const refused = await nextDelivery(before);
      // Back up before the retry, a second later: the same event then arrives again.
      receiver.answer(HOOK_PATH, { status: 204, body: "" });
      const retried = await nextDelivery(before + 1);
      expect(retried.headers["webhook-id"]).toBe(refused.headers["webhook-id"]);

      const delivered = attemptRows().first();
      await delivered.locator("[data-attempt-outcome=succeeded]").waitFor();
      await delivered.getByRole("cell", { name: "204", exact: true }).waitFor();
      const failed = attemptRows().nth(1);
      await failed.locator("[data-attempt-outcome=failed]").waitFor();
      await failed.getByRole("cell", { name: "503", exact: true }).waitFor();
      // The start of the answer shows; the rest (stored up to 1 KiB) opens from it.
      await failed
        .locator("summary")
        .filter({ hasText: /^maintenance until tonight/ })
        .click();
      await failed
        .locator("pre")
        .getByText(/retry later/)
        .waitFor();
      await check("w10-endpoint-retried");

      await page.getByRole("button", { name: "Disable" }).click();
      await toast("Endpoint disabled").waitFor();
      await page.locator("[data-endpoint-status=disabled]").first().waitFor();
      await page.getByRole("alert").filter({ hasText: "Disabled:" }).waitFor();
      await page.getByRole("button", { name: "Enable" }).click();
      await toast("Endpoint enabled").waitFor();
      await page.locator("[data-endpoint-status=active]").first().waitFor();
      await expect
        .poll(() => page.getByRole("alert").filter({ hasText: "Disabled:" }).count())
        .toBe(0);
    },
    STEP,
  );

  it(
    "disables an endpoint that fails the whole retry schedule and shows its admins why, then deletes it",
    async () => {
      receiver.answer(DOWN_PATH, { status: 500, body: "internal error" });
      await page.goto("/webhooks");
      await page.getByRole("button", { name: "Add endpoint" }).click();
      const dialog = page.getByRole("dialog", { name: "Add a webhook endpoint" });
      await dialog.getByLabel("Endpoint URL").fill(`${receiver.url}${DOWN_PATH}`);
      await dialog.getByLabel("Description (optional)").fill("flaky service");
      await dialog.getByRole("button", { name: "Add endpoint" }).click();
      const created = page.getByRole("dialog", { name: "Endpoint added" });
      await created.getByRole("button", { name: "I have saved it" }).click();
      await created.waitFor({ state: "detached" });
      await page.getByRole("link", { name: `${receiver.url}${DOWN_PATH}` }).click();
      await page.getByRole("heading", { level: 1, name: "flaky service" }).waitFor();

      await page.getByRole("button", { name: "Send test event" }).click();
      // Three attempts over about 4 s, then the worker disables it; the page follows while it polls.
      const banner = page.getByRole("alert").filter({ hasText: "Disabled:" });
      await banner.waitFor({ timeout: 30_000 });
      expect(await banner.textContent()).toMatch(
        /3 delivery attempts over the whole retry schedule failed/,
      );
      await page.locator("[data-endpoint-status=disabled]").first().waitFor();
      await expect.poll(() => attemptRows().count(), { timeout: 15_000 }).toBe(3);
      await attemptRows().first().getByText("Gave up").waitFor();
      expect(receiver.received.filter((webhook) => webhook.path === DOWN_PATH)).toHaveLength(3);
      await check("w11-endpoint-disabled-by-failures");

      await page.getByRole("link", { name: "All endpoints" }).click();
      await page
        .getByRole("alert")
        .filter({ hasText: `Disabled: ${receiver.url}${DOWN_PATH}` })
        .filter({ hasText: "Enable it once the receiver answers again" })
        .waitFor();
      await check("w12-webhooks-disabled-banner");
      // And in the workspace's activity, by adsconnect itself.
      await page.goto("/activity");
      const disabled = page
        .getByRole("list", { name: "Activity" })
        .locator("[data-activity-type=webhook_endpoint_disabled]");
      await disabled
        .getByText(/3 delivery attempts over the whole retry schedule failed/)
        .waitFor();
      await disabled.getByText("by adsconnect", { exact: true }).waitFor();
      await check("w12b-activity-endpoint-disabled");
      await page.goto("/webhooks");

      // Enabled again once the receiver is back: the event it missed goes out.
      receiver.answer(DOWN_PATH, { status: 200, body: "ok" });
      await page.getByRole("link", { name: `${receiver.url}${DOWN_PATH}` }).click();
      await page.getByRole("button", { name: "Enable" }).click();
      await toast("Endpoint enabled").waitFor();
      await expect
        .poll(() => receiver.received.filter((webhook) => webhook.path === DOWN_PATH).length, {
          timeout: 15_000,
        })
        .toBe(4);
      await page.reload();
      await attemptRows().first().locator("[data-attempt-outcome=succeeded]").waitFor();

      await page.getByRole("button", { name: "Delete endpoint" }).click();
      const confirm = page.getByRole("alertdialog", { name: "Delete this endpoint?" });
      await confirm.getByText("cannot be undone").waitFor();
      await confirm.getByRole("button", { name: "Delete endpoint" }).click();
      await page.waitForURL(/\/webhooks$/);
      await toast("Endpoint deleted").waitFor();
      await expect
        .poll(() => page.getByRole("link", { name: `${receiver.url}${DOWN_PATH}` }).count())
        .toBe(0);
    },
    STEP,
  );

  it(
    "edits the endpoint's settings and announces the result",
    async () => {
      await page.goto(`/webhooks/${endpointId}`);
      const settings = page.locator("form").filter({ hasText: "Save changes" });
      await settings.getByLabel("Description (optional)").fill("reporting service (prod)");
      await settings.getByRole("checkbox", { name: /account\.reauth_required/ }).check();
      await settings.getByRole("button", { name: "Save changes" }).click();
      await settings.getByRole("status").filter({ hasText: "Saved." }).waitFor();
      await page.getByRole("heading", { level: 1, name: "reporting service (prod)" }).waitFor();
      // Saved, not just kept in the form: a reload shows it.
      await page.reload();
      const reloaded = page.locator("form").filter({ hasText: "Save changes" });
      for (const [type, ticked] of [
        ["account.connected", true],
        ["account.reauth_required", true],
        ["account.disconnected", true],
        ["account.recovered", false],
      ] as const)
        expect(
          await reloaded
            .getByRole("checkbox", { name: new RegExp(type.replace(".", "\\.")) })
            .isChecked(),
          type,
        ).toBe(ticked);
    },
    STEP,
  );

  it(
    "shows a member of the workspace the same pages read-only: no secret, no buttons",
    async () => {
      const memberContext = await workspaceContext();
      try {
        const member = await memberContext.newPage();
        await signIn(member, MEMBER);
        await member.goto("/webhooks");
        await member.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
        await member
          .getByRole("region", { name: "Webhook endpoints" })
          .getByRole("row")
          .filter({ hasText: `${receiver.url}${HOOK_PATH}` })
          .waitFor();
        await member.getByText("Only an admin of this workspace can change endpoints.").waitFor();
        expect(await member.getByRole("button", { name: "Add endpoint" }).count()).toBe(0);
        await check("w13-member-webhooks", member);

        await member.goto(`/webhooks/${endpointId}`);
        await member.getByRole("heading", { level: 1, name: "reporting service (prod)" }).waitFor();
        await member.getByRole("region", { name: "Delivery attempts" }).waitFor();
        for (const name of [
          "Send test event",
          "Rotate secret",
          "Disable",
          "Delete endpoint",
          "Save changes",
          /^Replay/,
        ])
          expect(
            await member.getByRole("button", { name, exact: true }).count(),
            String(name),
          ).toBe(0);
        expect(await member.getByRole("textbox").count()).toBe(0);
        const html = await member.content();
        expect(html).not.toContain(firstSecret);
        expect(html).not.toContain(secondSecret);
        expect(html).not.toMatch(/whsec_/);
        await check("w14-member-endpoint", member);
      } finally {
        await memberContext.close();
      }
    },
    STEP,
  );

  it(
    "answers an unknown endpoint with a page that helps, and fits a phone",
    async () => {
      await page.goto("/webhooks/00000000-0000-4000-8000-000000000000");
      await page.getByRole("heading", { name: "No such endpoint" }).waitFor();
      await check("w15-endpoint-not-found");

      await page.setViewportSize({ width: 390, height: 844 });
      try {
        await page.goto(`/webhooks/${endpointId}`);
        await page.getByRole("region", { name: "Delivery attempts" }).waitFor();
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow).toBe(0);
        await check("w16-phone-endpoint");
      } finally {
        await page.setViewportSize({ width: 1280, height: 860 });
      }
    },
    STEP,
  );
});
