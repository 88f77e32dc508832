import { router } from "../../trpc";
import { disconnectAccount } from "./disconnect-account";
import { getAccount } from "./get-account";
import { listAccounts } from "./list-accounts";
import { startConnection } from "./start-connection";

export const accountsRouter = router({
  list: listAccounts,
  get: getAccount,
  startConnection,
  disconnect: disconnectAccount,
});
