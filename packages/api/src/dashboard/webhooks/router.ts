import { router } from "../../trpc";
import { createEndpoint } from "./create-endpoint";
import { deleteEndpoint } from "./delete-endpoint";
import { getEndpoint } from "./get-endpoint";
import { listAttempts } from "./list-attempts";
import { listEndpoints } from "./list-endpoints";
import { replayMessage } from "./replay-message";
import { rotateSecret } from "./rotate-secret";
import { sendTestEvent } from "./send-test-event";
import { updateEndpoint } from "./update-endpoint";

/** Outbound webhooks of the workspace: reads for members, changes for admins. */
export const webhooksRouter = router({
  listEndpoints,
  getEndpoint,
  createEndpoint,
  updateEndpoint,
  deleteEndpoint,
  rotateSecret,
  sendTestEvent,
  listAttempts,
  replayMessage,
});
