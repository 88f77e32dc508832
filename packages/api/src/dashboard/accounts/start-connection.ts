import { startConnection as startConnectionOf } from "@adsconnect/accounts";
import { z } from "zod";

import { workspaceProcedure } from "../../trpc";
import { accountIdInput, amazonRegionInput } from "./inputs";

export const startConnectionInput = z.object({
  /** Whose Amazon consent page to use. One grant reaches every region either way. Default NA. */
  region: amazonRegionInput.default("NA"),
  /**
   * Reconnect this account of the workspace (Amazon's user must be its user). Members may when
   * it needs it (refresh_failing or reauth_required). Default: a new connection (admins only).
   */
  accountId: accountIdInput.shape.accountId.optional(),
});

/**
 * Starts connecting (or reconnecting) an Amazon account into the workspace: returns the consent
 * URL to send the browser to. FORBIDDEN (naming the workspace) for a member connecting a new
 * account or reconnecting one that works; NOT_FOUND for another workspace's account.
 */
export const startConnection = workspaceProcedure
  .input(startConnectionInput)
  .mutation(({ ctx, input }) =>
    startConnectionOf(ctx.services, {
      userId: ctx.userId,
      access: ctx.workspace,
      region: input.region,
      accountId: input.accountId,
    }),
  );
