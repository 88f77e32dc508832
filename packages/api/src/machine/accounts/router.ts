import { router } from "../../trpc";
import { getAccount } from "./get-account";
import { listAccounts } from "./list-accounts";
import { listAdvertisers } from "./list-advertisers";

export const accountsRouter = router({
  list: listAccounts,
  get: getAccount,
  advertisers: listAdvertisers,
});
