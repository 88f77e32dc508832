import { router } from "../../trpc";
import { getProfile } from "./get-profile";

export const meRouter = router({
  get: getProfile,
});
