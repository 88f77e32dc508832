import type { TestActor } from "@adsconnect/api/testing";
import { startSandboxProcess, type SandboxProcess } from "@adsconnect/test-sandbox";

import { startApiService, type ApiService } from "../../src/testing";
import { person, shared, type Shared } from "./harness";

/** The service on the Amazon sandbox process, and a person who holds a key to it. */
export interface ApiWorld extends Omit<Shared, "close"> {
  sandbox: SandboxProcess;
  api: ApiService;
  /** A person with an active API key ("app owner"). */
  owner: TestActor;
  /** Stops the service, closes this process's services and stops the sandbox. */
  stop(): Promise<void>;
}

/**
 * Starts the sandbox, then the service against it (with `env` on top of the shared
 * environment), and makes its owner. What started is stopped again if a later step fails.
 */
export async function startApiWorld(env: Record<string, string> = {}): Promise<ApiWorld> {
  const sandbox = await startSandboxProcess();
  const world = shared(sandbox);
  let api: ApiService | undefined;
  const stop = async () => {
    await api?.stop();
    await world.close();
    await sandbox.stop();
  };
  try {
    api = await startApiService({ ...world.env, ...env });
    const owner = await person(world.services);
    return { env: world.env, services: world.services, sandbox, api, owner, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
