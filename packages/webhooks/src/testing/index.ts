/** Helpers for tests and benches of webhook delivery. Not for production code. */
export { startTestReceiver, type ReceivedWebhook, type TestReceiver } from "./receiver";
export { recordTestEvent } from "./record-test-event";
