/**
 * Helpers for tests of the API and of its callers (`@adsconnect/client`, apps/api).
 * Not for production code.
 *
 * Tenancy: `createActor` gives each person a personal workspace (`workspaceId`) and a key of it;
 * `createTestWorkspace` / `addTestMember` / `removeTestMember` / `createTestWorkspaceKey` make a
 * shared workspace with admins, members and keys (./workspaces.ts says how a test acts in one).
 */
export { createActor, type TestActor } from "./actors";
export { captureLogger, type CapturedLogger } from "./logger";
export { serveFetchHandler, type TestServer } from "./serve";
export { postUnfinished, type UnfinishedPostAnswer } from "./unfinished-post";
export {
  DASHBOARD_TRPC_PATH,
  sessionHeaders,
  TEST_WORKSPACE_HEADER,
  startTestApi,
  TEST_API_URL,
  TEST_APP_URL,
  TEST_SESSION_HEADER,
  type TestApi,
} from "./test-api";
export { createTestServices } from "./services";
export { createTestAccount, type TestAccountOptions } from "./accounts";
export {
  addTestMember,
  createTestWorkspace,
  createTestWorkspaceKey,
  removeTestMember,
  type TestWorkspace,
} from "./workspaces";
