/**
 * What both surfaces share: the routers' types (for clients), the session type and what
 * callers see of an error. The routers themselves, their contexts and HTTP handlers are
 * `@adsconnect/api/dashboard` (the web app's) and `@adsconnect/api/machine` (apps/api's).
 */
export type { DashboardRouter } from "./dashboard/router";
export type { MachineRouter } from "./machine/router";
export type { Session } from "./context";
export {
  API_KEY_MESSAGE,
  DELETE_MY_DATA_CONFIRMATION,
  ERASED_SESSION_MESSAGE,
  SIGN_IN_MESSAGE,
} from "./messages";
export {
  GENERIC_ERROR_MESSAGE,
  type AdsConnectErrorData,
  type AdsConnectErrorShape,
} from "./error-formatter";
