export {
  MAX_ENDPOINTS_PER_WORKSPACE,
  WebhookEndpointNotFoundError,
  type WebhookEndpointSummary,
} from "./endpoint-summary";
export { listEndpoints } from "./list-endpoints";
export { getEndpoint } from "./get-endpoint";
export { createEndpoint, type CreateEndpointInput } from "./create-endpoint";
export { updateEndpoint, type UpdateEndpointInput } from "./update-endpoint";
export { deleteEndpoint } from "./delete-endpoint";
export { rotateSecret } from "./rotate-secret";
export { sendTestEvent } from "./send-test-event";
export { listAttempts, ATTEMPTS_PAGE_SIZE, type WebhookAttemptItem } from "./list-attempts";
export { replayMessage } from "./replay-message";
