export {
  startWebhookDispatcher,
  type DispatcherOptions,
  type WebhookDispatcher,
} from "./dispatcher";
export { claimDueMessages, type ClaimedMessage } from "./claim-messages";
export { deliverMessage } from "./deliver-message";
export { postWebhook, RESPONSE_BODY_LIMIT, type PostOutcome } from "./post-webhook";
export { recordAttempt, type AttemptVerdict } from "./record-attempt";
