export {
  createServices,
  type InlineRefresh,
  type RefreshBreakerSettings,
  type RefreshSettings,
  type Services,
  type ServicesOptions,
} from "./create-services";
export { createPool, type PoolOptions } from "./pool";
export { servicesEnv, type EnvPresetOptions, type ServicesEnv } from "./env";
