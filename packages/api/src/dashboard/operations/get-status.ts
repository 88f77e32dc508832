import { readAccountsByStatus, readSystemStatus } from "@adsconnect/operations";

import { adminProcedure } from "../../trpc";

/**
 * `/api/status` as an operator wants it (readSystemStatus: heartbeats, queue, due accounts, the
 * hour's refresh outcomes, the breaker) plus accounts by status across all tenants: counts only.
 */
export const getStatus = adminProcedure.query(async ({ ctx }) => {
  const { services } = ctx;
  const [status, accounts] = await Promise.all([
    readSystemStatus(services),
    readAccountsByStatus(services.pool),
  ]);
  return { ...status, accounts };
});
