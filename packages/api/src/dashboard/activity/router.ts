import { router } from "../../trpc";
import { getRefreshHealth } from "./get-refresh-health";
import { listActivity } from "./list-activity";

export const activityRouter = router({
  list: listActivity,
  refreshHealth: getRefreshHealth,
});
