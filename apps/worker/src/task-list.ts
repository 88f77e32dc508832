import type { Db } from "@adsconnect/db/client";
import type { TaskList } from "graphile-worker";

import { purgeExpiredOAuthStates } from "./tasks/purge-expired-oauth-states";

/** Every task the worker runs, by name. Names appear in the crontab and in `add_job` calls. */
export function createTaskList(db: Db): TaskList {
  return {
    purge_expired_oauth_states: async (_payload, helpers) => {
      const count = await purgeExpiredOAuthStates(db);
      helpers.logger.info(`purged ${count} expired oauth states`);
    },
  };
}

/** Every line carries `?id=` so renaming a task never loses its schedule bookkeeping. */
export const crontab = ["0 * * * * purge_expired_oauth_states ?id=purge_expired_oauth_states"].join("\n");
