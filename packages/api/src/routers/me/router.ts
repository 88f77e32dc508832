import { router } from "../../trpc";
import { getKeyOwner } from "./get-key-owner";
import { getProfile } from "./get-profile";

export const meRouter = router({
  get: getProfile,
  whoami: getKeyOwner,
});
