/** What the bench hands each server process (as JSON in argv[2]). */
export interface ServerConfig {
  databaseUrl: string;
  encryptionKeys: string;
  amazonClientId: string;
}

export function readServerConfig(): ServerConfig {
  const raw = process.argv[2];
  if (!raw) throw new Error("pass the server config as JSON in argv[2]");
  return JSON.parse(raw) as ServerConfig;
}

/** Printed by a server process once it listens. */
export const LISTENING = /^listening on (http:\/\/\S+)$/m;
