import { hashUserId, lockPerson } from "@adsconnect/db/person-erasure";
import type { Services } from "@adsconnect/services";
import { leaveLocalWorkspaces } from "@adsconnect/workspaces";

// They live in @adsconnect/db, where @adsconnect/workspaces can use them too.
export { erasedSince, hashUserId, lockPerson } from "@adsconnect/db/person-erasure";

/** What asked for the erasure: Clerk's `user.deleted` webhook, or the person ("Delete my data"). */
export type ErasureSource = "clerk_webhook" | "dashboard";

/** Rows erased, by kind: what the kept audit line records instead of who. */
export interface ErasureCounts {
  accounts: number;
  profiles: number;
  advertisers: number;
  apiKeys: number;
  oauthStates: number;
  auditEvents: number;
  /** Their personal workspace (0 or 1), and local workspaces their leaving left with no member. */
  workspaces: number;
  /** Their memberships, the personal workspace's included. */
  memberships: number;
  users: number;
}

/**
 * Erases a person: their personal workspace entirely (and the local workspaces their leaving
 * abandons, by @adsconnect/workspaces' leaveLocalWorkspaces, which also keeps an admin in those
 * left with members) — the tokens of every account in it (the account rows, ciphertexts and
 * all), their profiles and DSP advertisers, its API keys (they
 * stop authenticating at once: each lookup reads the row) and its audit events (they hold
 * Amazon names, key names and account ids) — their pending Login with Amazon states, their
 * memberships and the `users` row (email, name), in one transaction. In shared workspaces what
 * they connected, created or did stays, no longer naming them (connectedById, createdById and
 * actorId become null; a key bound to its creator stops working with that). Then it keeps
 * one line in `person_erasures` with no personal data: a hash of the user id
 * (hashUserId), the source, the counts and the time. Erasing someone with nothing here still
 * writes the line (Clerk may delete a person who never signed in here); erasing twice is
 * harmless.
 */
export async function erasePerson(
  services: Pick<Services, "db" | "now">,
  { userId, source }: { userId: string; source: ErasureSource },
): Promise<{ counts: ErasureCounts; erasedAt: Date }> {
  const erasedAt = services.now();
  const counts = await services.db.$transaction(async (tx) => {
    await lockPerson(tx, userId);
    const personal = await tx.workspace.findUnique({
      where: { personalOwnerId: userId },
      select: { id: true },
    });
    // Promotes a member where they leave no admin; what they leave with nobody goes below.
    const { abandoned } = await leaveLocalWorkspaces(tx, userId);
    // Everything in these goes: nobody could reach it any more.
    const workspaceId = { in: [...(personal ? [personal.id] : []), ...abandoned] };
    const accountIds = (
      await tx.amazonAccount.findMany({ where: { workspaceId }, select: { id: true } })
    ).map((account) => account.id);
    const profiles = await tx.advertisingProfile.count({
      where: { accountId: { in: accountIds } },
    });
    const advertisers = await tx.dspAdvertiser.count({
      where: { profile: { accountId: { in: accountIds } } },
    });
    // Explicit deletes, children first, though the users row's cascades would do it: the
    // counts are what the kept line says, and nothing depends on a cascade being declared.
    const auditEvents = await tx.auditEvent.deleteMany({ where: { workspaceId } });
    const apiKeys = await tx.apiKey.deleteMany({ where: { workspaceId } });
    const oauthStates = await tx.oAuthState.deleteMany({
      where: { OR: [{ userId }, { workspaceId }] },
    });
    const accounts = await tx.amazonAccount.deleteMany({ where: { workspaceId } });
    const memberships = await tx.workspaceMembership.deleteMany({ where: { userId } });
    const workspaces = await tx.workspace.deleteMany({ where: { id: workspaceId } });
    const users = await tx.user.deleteMany({ where: { id: userId } });
    // Local sign-in's server-side sessions (development): every device is signed out at once.
    await tx.localSession.deleteMany({ where: { userId } });
    const counts: ErasureCounts = {
      accounts: accounts.count,
      profiles,
      advertisers,
      apiKeys: apiKeys.count,
      oauthStates: oauthStates.count,
      auditEvents: auditEvents.count,
      workspaces: workspaces.count,
      memberships: memberships.count,
      users: users.count,
    };
    await tx.personErasure.create({
      data: { userIdHash: hashUserId(userId), source, counts: { ...counts }, erasedAt },
    });
    return counts;
  });
  return { counts, erasedAt };
}
