import { router } from "../trpc";
import { accountsRouter } from "./accounts/router";
import { meRouter } from "./me/router";
import { tokensRouter } from "./tokens/router";
import { webhooksRouter } from "./webhooks/router";

/**
 * The machine router: what internal apps do with an API key (apps/api's /trpc),
 * every procedure an `apiKeyProcedure` (`keyProcedure(permission)` or
 * `keyAccountProcedure(permission)` when it needs a permission, as all but me.whoami do). A new domain is a folder
 * src/machine/<domain>/ with a router.ts and one <verb>-<noun>.ts per
 * procedure, plus its line here; procedures call the same domain functions as
 * the dashboard's. test/isolation-matrix.test.ts fails until each new procedure
 * has its row.
 */
export const machineRouter = router({
  accounts: accountsRouter,
  me: meRouter,
  tokens: tokensRouter,
  webhooks: webhooksRouter,
});

export type MachineRouter = typeof machineRouter;
