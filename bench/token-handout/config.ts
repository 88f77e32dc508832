import { readServerConfig as readConfig } from "../support/bench-server";

/** What the bench hands each server process (as JSON in argv[2]). */
export interface ServerConfig {
  databaseUrl: string;
  encryptionKeys: string;
  amazonClientId: string;
}

export const readServerConfig = () => readConfig<ServerConfig>();
