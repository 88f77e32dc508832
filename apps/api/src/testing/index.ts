/**
 * Helpers for tests that run the machine API (apps/api) as Railway does: its own, the web's,
 * the bench's. Not for production code.
 */
export { buildApiBundle, startApiService, type ApiService } from "./service";
export {
  forgedClerkHeaders,
  forgedSessionToken,
  newVictim,
  ODD_AUTHORIZATIONS,
  rawGet,
  type RawResponse,
  type Victim,
} from "./forged-headers";
