export {
  createServices,
  type InlineRefresh,
  type RefreshBreakerSettings,
  type RefreshSettings,
  type Services,
  type ServicesOptions,
} from "./create-services";
export { WEBHOOK_DEFAULTS, type ResolvedAddress, type WebhookSettings } from "./webhook-settings";
export { createPool, type PoolOptions } from "./pool";
export { servicesEnv, type EnvPresetOptions, type ServicesEnv } from "./env";
