export {
  AuthConfigError,
  authEnvSchema,
  resolveAuthSettings,
  type AuthEnv,
  type AuthProviderName,
  type AuthSettings,
} from "./provider";
export { generateLocalAuthKeyPair, normalisePem } from "./keys";
export {
  createLocalIssuer,
  frontendApiHostOf,
  localUserIdForEmail,
  newLocalSessionId,
  publishableKeyForHost,
  LOCAL_ISSUER_HOST,
  LOCAL_SESSION_MAX_AGE_SECONDS,
  LOCAL_SESSION_RENEW_WITHIN_SECONDS,
  LOCAL_SESSION_TTL_SECONDS,
  type LocalIdentity,
  type LocalIssuer,
} from "./local-issuer";
export { sessionFromClaims, type SessionIdentity } from "./session";
