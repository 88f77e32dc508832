export { startSandboxProcess, repoRoot } from "./process";
export type { SandboxProcess, StartSandboxOptions, ConsentOptions } from "./process";
export { createSandboxAdmin, SandboxAdminError } from "./admin";
export type { SandboxAdmin } from "./admin";
export { driveConsent, authorizeUrl, createPkce, ConsentPageError } from "./consent";
export type { ConsentDecision, ConsentResult, AuthorizeUrlOptions } from "./consent";
export type * from "./types";
