import { accountsRouter } from "./routers/accounts/router";
import { activityRouter } from "./routers/activity/router";
import { apiKeysRouter } from "./routers/api-keys/router";
import { meRouter } from "./routers/me/router";
import { tokensRouter } from "./routers/tokens/router";
import { router } from "./trpc";

/**
 * Every domain's router, one line each. A new domain is a folder
 * src/routers/<domain>/ with a router.ts and one <verb>-<noun>.ts per
 * procedure, plus its line here.
 * test/isolation-matrix.test.ts fails until each new procedure has its row.
 */
export const appRouter = router({
  me: meRouter,
  apiKeys: apiKeysRouter,
  accounts: accountsRouter,
  tokens: tokensRouter,
  activity: activityRouter,
});

export type AppRouter = typeof appRouter;
