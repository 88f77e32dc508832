import { router } from "../trpc";
import { accountsRouter } from "./accounts/router";
import { activityRouter } from "./activity/router";
import { apiKeysRouter } from "./api-keys/router";
import { meRouter } from "./me/router";
import { operationsRouter } from "./operations/router";
import { webhooksRouter } from "./webhooks/router";
import { workspacesRouter } from "./workspaces/router";

/**
 * The dashboard's router: what signed-in people do in the web app (its
 * /api/trpc). What belongs to a workspace is on `workspaceProcedure` (members and admins) or
 * `workspaceAdminProcedure` (admins only); `me.*` is the person's own (`protectedProcedure`);
 * operations.* is an `adminProcedure`, for ADMIN_USER_IDS only. It hands out no token:
 * a browser session never reads one (that is the machine router's, for API
 * keys). A new domain is a folder src/dashboard/<domain>/ with a router.ts and
 * one <verb>-<noun>.ts per procedure, plus its line here.
 * test/isolation-matrix.test.ts fails until each new procedure has its row.
 */
export const dashboardRouter = router({
  me: meRouter,
  apiKeys: apiKeysRouter,
  accounts: accountsRouter,
  activity: activityRouter,
  operations: operationsRouter,
  workspaces: workspacesRouter,
  webhooks: webhooksRouter,
});

export type DashboardRouter = typeof dashboardRouter;
