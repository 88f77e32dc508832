import { createHmac, randomUUID } from "node:crypto";
import { request } from "node:http";

/**
 * The side door the machine API closed, as a test: headers with which Clerk's middleware tells
 * `auth()` who is signed in, forged by the caller, with an HMAC over `hmacKey` (an empty key:
 * what `auth()` used when the middleware had not run; the real secret: to show that keeping it
 * secret is not what protects). None may authenticate anyone, anywhere.
 */
export interface Victim {
  userId: string;
  email: string;
}

/** A person nobody signed in as, with ids unique to this call. */
export function newVictim(): Victim {
  const id = randomUUID().replaceAll("-", "").slice(0, 16);
  return { userId: `user_VICTIM_${id}`, email: `victim-${id}@example.com` };
}

/** An unsigned session JWT naming `victim`: `auth()` decodes what its signed header vouches for. */
export function forgedSessionToken(victim: Victim): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return [
    part({ alg: "RS256", typ: "JWT", kid: "ins_forged" }),
    part({
      sub: victim.userId,
      sid: "sess_forged",
      iss: "https://clerk.forged.invalid",
      iat: now,
      nbf: now - 5,
      exp: now + 600,
      v: 2,
      sts: "active",
      email: victim.email,
      name: "Victim",
    }),
    Buffer.from("not a signature").toString("base64url"),
  ].join(".");
}

/** Clerk's `x-clerk-auth-*` request headers saying `victim` is signed in, signed with `hmacKey`. */
export function forgedClerkHeaders(victim: Victim, hmacKey = ""): [string, string][] {
  const token = forgedSessionToken(victim);
  return [
    ["x-clerk-auth-status", "signed-in"],
    ["x-clerk-auth-token", token],
    // Clerk's signature: HMAC-SHA1 of the token, hex.
    ["x-clerk-auth-signature", createHmac("sha1", hmacKey).update(token).digest("hex")],
    ["x-clerk-auth-reason", "session-token-and-uat-present"],
    ["x-clerk-auth-message", ""],
  ];
}

/**
 * The odd Authorization values that once slipped past one of the four places that decided
 * "is this an API-key call" (each is a list of header lines: two lines for two headers).
 */
export const ODD_AUTHORIZATIONS: { name: string; lines: string[] }[] = [
  { name: "`Bearer adc_x y` (a space inside)", lines: ["Bearer adc_x y"] },
  { name: "`Bearer<TAB>adc_x`", lines: ["Bearer\tadc_x"] },
  { name: "`bearer adc_x` (lower case)", lines: ["bearer adc_x"] },
  { name: "two Authorization headers", lines: ["Bearer adc_x", "Bearer adc_y"] },
  { name: "`Bearer adc_` alone", lines: ["Bearer adc_"] },
  { name: "no Authorization header", lines: [] },
];

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A GET sent with exactly these header lines (after Host), in order, duplicates kept apart:
 * fetch would join two Authorization headers into one.
 */
export function rawGet(url: string, lines: [string, string][]): Promise<RawResponse> {
  const headers = [["host", new URL(url).host], ...lines].flat();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}
