import { router } from "../../trpc";
import { deleteMyData } from "./delete-my-data";
import { getProfile } from "./get-profile";

export const meRouter = router({
  get: getProfile,
  deleteMyData,
});
