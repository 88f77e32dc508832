import { router } from "../../trpc";
import { getAccessToken } from "./get-access-token";

export const tokensRouter = router({
  getAccessToken,
});
