/** Helpers for tests that run a deployed service as Railway does. Not for production code. */
export { spawnDeployed, type DeployedProcess } from "./deployed-process";
