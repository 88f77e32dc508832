import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The spec's vectors live outside the repo, in shared/ beside it:
 * <repo>/../shared/fixtures/fernet (this file is <repo>/packages/vault/test/support).
 */
const FERNET_FIXTURES = new URL("../../../../../shared/fixtures/fernet/", import.meta.url);

export interface GenerateVector {
  token: string;
  now: string;
  iv: number[];
  src: string;
  secret: string;
}

export interface VerifyVector {
  token: string;
  now: string;
  ttl_sec: number;
  src: string;
  secret: string;
}

export interface InvalidVector {
  desc: string;
  token: string;
  now: string;
  ttl_sec: number;
  secret: string;
}

export function readVectors(name: "generate.json"): GenerateVector[];
export function readVectors(name: "verify.json"): VerifyVector[];
export function readVectors(name: "invalid.json"): InvalidVector[];
export function readVectors(name: string): unknown[] {
  const path = fileURLToPath(new URL(name, FERNET_FIXTURES));
  return JSON.parse(readFileSync(path, "utf8")) as unknown[];
}

/** RFC 3339 with an offset (e.g. 1985-10-26T01:20:00-07:00) to Unix seconds. */
export function unixSeconds(rfc3339: string): number {
  const millis = Date.parse(rfc3339);
  if (Number.isNaN(millis)) throw new Error(`unparseable time in a vector: ${rfc3339}`);
  return millis / 1000;
}
