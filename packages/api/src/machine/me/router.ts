import { router } from "../../trpc";
import { getKeyOwner } from "./get-key-owner";

export const meRouter = router({
  whoami: getKeyOwner,
});
