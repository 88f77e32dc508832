import { erasePerson } from "@adsconnect/accounts";
import { applyClerkOrganizationEvent, isClerkOrganizationEvent } from "@adsconnect/workspaces";
import { verifyWebhook } from "@clerk/nextjs/webhooks";
import type { NextRequest } from "next/server";

import { env } from "@/env";
import { logger } from "@/server/logger";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

/**
 * Clerk's webhooks, sent by Clerk's servers (Svix), never by a browser: no session is read
 * (src/proxy.ts lets /api/webhooks/ through without Clerk's middleware or its seal).
 *
 * 1. The Svix signature is checked with CLERK_WEBHOOK_SIGNING_SECRET (passed explicitly:
 *    `verifyWebhook` would read process.env itself), and so is the timestamp: more than
 *    5 minutes off is refused (standardwebhooks' tolerance). Refused: 400, nothing done.
 * 2. The `svix-id` is remembered (table `webhook_deliveries`, purged by the worker after a
 *    day); one seen before is a replay: 409, nothing done.
 * 3. `user.deleted` erases that person (`erasePerson`, as "Delete my data" does). Organization
 *    events keep workspaces as Clerk has them (`applyClerkOrganizationEvent` from
 *    @adsconnect/workspaces): `organization.deleted` erases the workspace,
 *    `organizationMembership.created|updated|deleted` adds, changes or removes the membership.
 *    Every other event type is acknowledged (200) and ignored.
 */
export async function POST(request: NextRequest) {
  const signingSecret = env.CLERK_WEBHOOK_SIGNING_SECRET;
  if (!signingSecret) {
    logger.warn("a Clerk webhook arrived but CLERK_WEBHOOK_SIGNING_SECRET is not set: refused");
    return Response.json({ error: "Webhooks are not configured here." }, { status: 503 });
  }
  let event: Awaited<ReturnType<typeof verifyWebhook>>;
  try {
    event = await verifyWebhook(request, { signingSecret });
  } catch {
    logger.warn("a Clerk webhook was refused: bad signature, timestamp or headers");
    return Response.json({ error: "Invalid webhook signature." }, { status: 400 });
  }
  // verifyWebhook has required it.
  const svixId = request.headers.get("svix-id")?.trim() ?? "";
  const { db } = getServices();
  const remembered = await db.$executeRaw`
    INSERT INTO webhook_deliveries (svix_id, received_at) VALUES (${svixId}, now())
    ON CONFLICT (svix_id) DO NOTHING`;
  if (remembered === 0) {
    logger.warn({ type: event.type }, "a Clerk webhook was refused: svix-id seen before");
    return Response.json({ error: "This webhook was already delivered." }, { status: 409 });
  }

  if (isClerkOrganizationEvent(event.type)) {
    try {
      const outcome = await applyClerkOrganizationEvent(db, { type: event.type, data: event.data });
      logger.info({ type: event.type, outcome }, "Clerk organization event applied");
      return Response.json({ received: true, ...outcome });
    } catch (error) {
      // Forget the delivery, so Svix's retry is not taken for a replay.
      await db.webhookDelivery.deleteMany({ where: { svixId } });
      logger.error({ err: error, type: event.type }, "applying a Clerk organization event failed");
      return Response.json({ error: "Something went wrong; try again." }, { status: 500 });
    }
  }
  if (event.type !== "user.deleted") {
    return Response.json({ received: true, ignored: event.type });
  }
  const userId = event.data.id;
  if (!userId) return Response.json({ received: true, ignored: "user.deleted without an id" });
  try {
    const { counts } = await erasePerson(getServices(), { userId, source: "clerk_webhook" });
    logger.info({ counts, source: "clerk_webhook" }, "person erased");
    return Response.json({ received: true, erased: counts });
  } catch (error) {
    // Forget the delivery, so Svix's retry is not taken for a replay.
    await db.webhookDelivery.deleteMany({ where: { svixId } });
    logger.error({ err: error }, "erasing a person for Clerk's user.deleted failed");
    return Response.json({ error: "Something went wrong; try again." }, { status: 500 });
  }
}
