import { startConnection as startConnectionOf } from "@adsconnect/accounts";
import { z } from "zod";

import { protectedProcedure } from "../../trpc";
import { amazonRegionInput } from "./inputs";

export const startConnectionInput = z.object({
  /** Whose Amazon consent page to use. One grant reaches every region either way. Default NA. */
  region: amazonRegionInput.default("NA"),
});

/** Starts connecting (or reconnecting) an Amazon account: returns the consent URL to send the browser to. */
export const startConnection = protectedProcedure
  .input(startConnectionInput)
  .mutation(({ ctx, input }) =>
    startConnectionOf(ctx.services, { userId: ctx.userId, region: input.region }),
  );
