import { findAccountProfile } from "@adsconnect/accounts";
import { AdsConnectError } from "@adsconnect/errors";
import { getAccessToken as handOut } from "@adsconnect/tokens/get-access-token";
import { z } from "zod";

import { keyAccountProcedure } from "../../trpc";

export const getAccessTokenInput = z.object({
  /**
   * One of the account's profiles (Amazon's profile id, as a string of digits): the answer
   * then says which host serves it and the scope header to send with it.
   */
  profileId: z
    .string()
    .regex(/^[0-9]{1,20}$/, { error: "must be a profile id (digits) from accounts.get" })
    .optional(),
});

/** Amazon's header naming the profile an Ads API call acts on. */
export const SCOPE_HEADER = "Amazon-Advertising-API-Scope";

/**
 * A fresh access token for one of the key's workspace's accounts, with what an
 * internal app needs to call the Ads API: the client id, the consent region and
 * its Ads API base URL, and every region's Ads API URL (`regions.na|eu|fe`).
 * Given `profileId`, also `profile`: its region, the Ads API URL that serves it
 * and `scopeHeader`, the `Amazon-Advertising-API-Scope` header to send. Valid
 * for at least 60 s; refreshed inline (once, across every process) when closer
 * to expiry, except that a still-valid token is handed out as it is rather than
 * wait on a slow Amazon (the refresh goes on; see @adsconnect/tokens' README).
 *
 * Machine router only: a browser session never reads a token (the dashboard shows an
 * account's health, never its tokens).
 *
 * Needs `tokens:read` (FORBIDDEN otherwise).
 * NOT_FOUND: no such account, another workspace's, or outside the key's accounts
 * (the same answer); or no such profile on the account.
 * PRECONDITION_FAILED: someone in the workspace must reconnect it (reauth_required or disconnected).
 * SERVICE_UNAVAILABLE: it ran out and Amazon did not renew it just now, or every inline
 * refresh of this process is busy; retry shortly.
 * (The hand-out's errors, mapped by kind in src/error-boundary.ts.)
 */
export const getAccessToken = keyAccountProcedure("tokens:read")
  .input(getAccessTokenInput)
  .query(async ({ ctx, input }) => {
    const { accountId, profileId } = input;
    const grant = await handOut(ctx.services, { accountId, workspaceId: ctx.workspaceId }).then(
      (granted) => {
        ctx.services.metrics.handouts.inc({ outcome: "ok" });
        return granted;
      },
      (error: unknown) => {
        // The refusal's kind (not_found, needs_reconnect, unavailable, …): a fixed vocabulary.
        const outcome = error instanceof AdsConnectError ? error.kind : "error";
        ctx.services.metrics.handouts.inc({ outcome });
        throw error;
      },
    );
    if (profileId === undefined) return { ...grant, profile: null };
    const profile = await findAccountProfile(ctx.db, {
      workspaceId: ctx.workspaceId,
      accountId,
      profileId: BigInt(profileId),
    });
    if (!profile)
      throw new AdsConnectError(
        "not_found",
        `No profile ${profileId} on this account; list them with accounts.get.`,
      );
    return {
      ...grant,
      profile: {
        profileId: profile.profileId,
        region: profile.region,
        countryCode: profile.countryCode,
        adsApiUrl: ctx.services.amazon.endpoints(profile.region).adsApiUrl,
        scopeHeader: { [SCOPE_HEADER]: profile.profileId } as Record<typeof SCOPE_HEADER, string>,
      },
    };
  });
