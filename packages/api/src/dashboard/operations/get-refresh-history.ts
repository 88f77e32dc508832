import { readRefreshHistory } from "@adsconnect/operations";

import { adminProcedure } from "../../trpc";

/** Refresh successes and failures per hour over the last 24 hours, all tenants: for the chart. */
export const getRefreshHistory = adminProcedure.query(({ ctx }) =>
  readRefreshHistory(ctx.services.pool, ctx.services.now()),
);
