import { createHmac, randomBytes, randomUUID } from "node:crypto";

/** A fresh Clerk-style webhook signing secret (`whsec_` + base64 key). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/**
 * The headers Svix (Clerk's webhook sender) puts on a delivery of `body`, written here from
 * the scheme itself (HMAC-SHA256 over `${id}.${timestamp}.${body}` with the secret's base64
 * key, `v1,` + base64), not with the library the server verifies with.
 */
export function svixHeaders(
  secret: string,
  body: string,
  { id = `msg_${randomUUID()}`, timestamp = Math.floor(Date.now() / 1000) } = {},
): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return {
    "content-type": "application/json",
    "svix-id": id,
    "svix-timestamp": String(timestamp),
    "svix-signature": `v1,${signature}`,
  };
}

/** A Clerk event as its webhooks send it (`user.deleted`: `{ id, object, deleted }`). */
export function clerkEvent(type: string, data: Record<string, unknown>): string {
  return JSON.stringify({
    type,
    object: "event",
    data,
    timestamp: Date.now(),
    instance_id: "ins_test",
  });
}
