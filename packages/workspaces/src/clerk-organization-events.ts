import { recordActivity } from "@adsconnect/db/activity";
import type { Db, Prisma } from "@adsconnect/db/client";
import { erasedSince, lockPerson } from "@adsconnect/db/person-erasure";
import { z } from "zod";

import type { WorkspaceRole } from "./roles";

/** Clerk's webhook event types this module keeps workspaces in step with. */
export const CLERK_ORGANIZATION_EVENTS = [
  "organization.deleted",
  "organizationMembership.created",
  "organizationMembership.updated",
  "organizationMembership.deleted",
] as const;

export type ClerkOrganizationEventType = (typeof CLERK_ORGANIZATION_EVENTS)[number];

export function isClerkOrganizationEvent(type: string): type is ClerkOrganizationEventType {
  return (CLERK_ORGANIZATION_EVENTS as readonly string[]).includes(type);
}

const deletedOrganization = z.object({ id: z.string().min(1) });

/** Clerk's organization membership object (only what is kept of it). */
const membership = z.object({
  role: z.string(),
  /** Milliseconds since the epoch. */
  created_at: z.number().optional(),
  organization: z.object({
    id: z.string().min(1),
    name: z.string().nullish(),
    slug: z.string().nullish(),
  }),
  public_user_data: z.object({
    user_id: z.string().min(1),
    identifier: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
  }),
});

type Membership = z.infer<typeof membership>;

/** What a delivery did, for the webhook's answer and its log line (ids and counts only). */
export type ClerkOrganizationOutcome =
  { applied: ClerkOrganizationEventType; count: number } | { ignored: string };

/** Clerk's "org:admin" (and "admin") is admin; any other role is member, as in session tokens. */
function roleOf(clerkRole: string): WorkspaceRole {
  return clerkRole.replace(/^org:/, "") === "admin" ? "admin" : "member";
}

/**
 * Applies one of Clerk's organization webhooks (signature and replay already checked):
 * - organization.deleted: the workspace goes, with everything in it (accounts and their tokens,
 *   API keys, activity, memberships), as erasing a person takes their personal workspace.
 * - organizationMembership.deleted: the membership's `removedAt` is set; the person's next
 *   request there is refused.
 * - organizationMembership.updated: the role follows Clerk's (an active membership only).
 * - organizationMembership.created: the workspace, the person's `users` row (from Clerk's public
 *   data) and the membership are kept, so they are listed before they first sign in; a removed
 *   membership comes back only when Clerk's membership is newer than the removal (out of order
 *   deliveries cannot undo a later removal), and nothing is kept of a person erased since Clerk
 *   made the membership (a retried delivery cannot bring back someone Clerk deleted).
 * Every change writes its activity line with no actor (it was made in Clerk). A payload without
 * what it needs is ignored, not an error: Svix would only retry it.
 */
export async function applyClerkOrganizationEvent(
  db: Db,
  event: { type: ClerkOrganizationEventType; data: unknown },
): Promise<ClerkOrganizationOutcome> {
  if (event.type === "organization.deleted") {
    const parsed = deletedOrganization.safeParse(event.data);
    if (!parsed.success) return { ignored: "organization.deleted without an id" };
    const { count } = await db.workspace.deleteMany({
      where: { kind: "organization", clerkOrganizationId: parsed.data.id },
    });
    return { applied: event.type, count };
  }
  const parsed = membership.safeParse(event.data);
  if (!parsed.success) return { ignored: `${event.type} without its organization or user` };
  const type = event.type;
  return await db.$transaction(async (tx) => {
    const count =
      type === "organizationMembership.created"
        ? await keepMembership(tx, parsed.data)
        : await changeMembership(tx, type, parsed.data);
    return { applied: type, count };
  });
}

async function changeMembership(
  tx: Prisma.TransactionClient,
  type: "organizationMembership.updated" | "organizationMembership.deleted",
  data: Membership,
): Promise<number> {
  const userId = data.public_user_data.user_id;
  const workspace = await tx.workspace.findUnique({
    where: { clerkOrganizationId: data.organization.id },
    select: { id: true, memberships: { where: { userId, removedAt: null } } },
  });
  const current = workspace?.memberships[0];
  if (!workspace || !current) return 0;
  const key = { workspaceId_userId: { workspaceId: workspace.id, userId } };
  if (type === "organizationMembership.deleted") {
    await tx.workspaceMembership.update({ where: key, data: { removedAt: new Date() } });
    await recordActivity(tx, {
      workspaceId: workspace.id,
      actorId: null,
      type: "member_removed",
      details: { memberId: userId, role: current.role, source: "clerk" },
    });
    return 1;
  }
  const role = roleOf(data.role);
  if (role === current.role) return 0;
  await tx.workspaceMembership.update({ where: key, data: { role } });
  await recordActivity(tx, {
    workspaceId: workspace.id,
    actorId: null,
    type: "member_role_changed",
    details: { memberId: userId, role, previousRole: current.role, source: "clerk" },
  });
  return 1;
}

async function keepMembership(tx: Prisma.TransactionClient, data: Membership): Promise<number> {
  const { organization, public_user_data: person } = data;
  const userId = person.user_id;
  const role = roleOf(data.role);
  // Taken first, as erasePerson and syncUser take it: an erasure running now waits for this
  // delivery or this one sees its line. Without Clerk's time, any erasure counts.
  await lockPerson(tx, userId);
  const madeInClerk = data.created_at === undefined ? null : new Date(data.created_at);
  if (await erasedSince(tx, userId, madeInClerk)) return 0;
  const workspace = await tx.workspace.upsert({
    where: { clerkOrganizationId: organization.id },
    create: {
      kind: "organization",
      name: organization.name ?? organization.slug ?? organization.id,
      clerkOrganizationId: organization.id,
    },
    update: {},
    select: { id: true, memberships: { where: { userId } } },
  });
  const existing = workspace.memberships[0];
  const createdInClerk = new Date(data.created_at ?? Date.now());
  if (existing && (!existing.removedAt || existing.removedAt >= createdInClerk)) return 0;
  const name = [person.first_name, person.last_name].filter(Boolean).join(" ") || null;
  await tx.user.upsert({
    where: { id: userId },
    create: { id: userId, email: person.identifier ?? "", name },
    update: {},
  });
  await tx.workspaceMembership.upsert({
    where: { workspaceId_userId: { workspaceId: workspace.id, userId } },
    create: { workspaceId: workspace.id, userId, role },
    update: { role, removedAt: null, createdAt: new Date() },
  });
  await recordActivity(tx, {
    workspaceId: workspace.id,
    actorId: null,
    type: "member_added",
    details: { memberId: userId, role, source: "clerk" },
  });
  return 1;
}
