export { AccountNotFoundError } from "@adsconnect/tokens/errors";
export { startConnection } from "./start-connection";
export {
  completeConnection,
  type ConnectionFailure,
  type ConnectionOutcome,
} from "./complete-connection";
export { syncStarterRole } from "./sync-starter-role";
export { discoverProfiles, type Discovery } from "./discover-profiles";
export { saveDiscovery } from "./save-discovery";
export { syncAccountProfiles } from "./sync-account-profiles";
export { disconnectAccount } from "./disconnect-account";
export {
  erasePerson,
  erasedSince,
  hashUserId,
  lockPerson,
  type ErasureCounts,
  type ErasureSource,
} from "./erase-person";
export { readSessionStanding, type SessionStanding } from "./session-standing";
export { purgeDisconnectedAccounts } from "./purge-disconnected-accounts";
export { getAccount, listAccounts } from "./read-accounts";
export { hashOAuthState, OAUTH_STATE_TTL_MS } from "./oauth-state";
export {
  listActivity,
  getRefreshHealth,
  encodeActivityCursor,
  decodeActivityCursor,
  type ActivityCursor,
} from "./read-activity";
export {
  ACTIVITY_TYPES,
  REFRESH_FAILURE_TYPES,
  REFRESH_SUCCESS_TYPES,
  type ActivityType,
} from "./activity-types";
export {
  findAccountProfile,
  getAccountOverview,
  listAccountsPage,
  listDspAdvertisersPage,
  type Page,
  type PageRequest,
} from "./read-accounts-paged";
