import { router } from "../../trpc";
import { getRefreshHistory } from "./get-refresh-history";
import { getStatus } from "./get-status";
import { listRecentFailures } from "./list-recent-failures";

/**
 * The operator's page (apps/web's /operations): every procedure an `adminProcedure`, NOT_FOUND to
 * anyone not in ADMIN_USER_IDS. Reads across all tenants, so answers are counts, times, Amazon's
 * codes and request ids: never an email, an account's name or id, or a token.
 */
export const operationsRouter = router({
  status: getStatus,
  refreshHistory: getRefreshHistory,
  recentFailures: listRecentFailures,
});
