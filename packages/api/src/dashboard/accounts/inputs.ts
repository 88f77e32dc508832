import { z } from "zod";

export const accountIdInput = z.object({
  accountId: z.uuid({ error: "must be an account id from accounts.list" }),
});

export const amazonRegionInput = z.enum(["NA", "EU", "FE"], {
  error: "must be NA (North America), EU (Europe) or FE (Far East)",
});
